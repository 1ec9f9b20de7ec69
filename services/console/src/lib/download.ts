import { raw } from '../api/client';

/** Fetches a file of the API with the session and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await raw(path);
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = utf8 ? decodeURIComponent(utf8[1]!) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file of the API as a data: URL (for sandboxed previews, which cannot send the token). */
export async function dataUrl(path: string): Promise<string> {
  const blob = await (await raw(path)).blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
