// What may be attached, decided from the bytes: a type the platform accepts, the type the
// client claimed and the file name's extension say, within the limit of its kind (and of
// the upload's route); zip-based documents are read whole first. Every refusal is a
// catalogued content error.
import { type AttachmentKind, ATTACHMENT_LIMITS, CONTENT_ERRORS } from '@tatalaman/contracts';
import { type CommandFailure, commandFailure } from '@tatalaman/messaging';
import { canonicalMediaType, extensionOf, kindOf, type Sniffed, sniff, ZIP_MEDIA_TYPES } from './sniff';
import { zipRefusal } from './zip-check';

const allowedTypes = () => Object.values(ATTACHMENT_LIMITS.mediaTypes).flat();

function tooLarge(kind: keyof typeof ATTACHMENT_LIMITS.maxBytes, size: number): CommandFailure {
  const max = ATTACHMENT_LIMITS.maxBytes[kind];
  return commandFailure(CONTENT_ERRORS['too-large'], {
    message: {
      id: `Berkas terlalu besar: ${size} byte; batas untuk ${kind} ${max} byte.`,
      en: `The file is too large: ${size} bytes; the limit for ${kind} is ${max} bytes.`,
    },
    detail: { size, max, kind },
  });
}

/** Zip-based documents are read whole before they are accepted: 422 `unsafe-archive` for a zip bomb. */
export async function checkArchive(sniffed: Sniffed, bytes: () => Promise<Buffer>): Promise<void> {
  if (!ZIP_MEDIA_TYPES.includes(sniffed.mediaType)) return;
  const reason = await zipRefusal(await bytes());
  if (reason)
    throw commandFailure(CONTENT_ERRORS['unsafe-archive'], {
      message: {
        id: 'Berkas dokumen ini tidak diterima: isinya mengembang jauh melebihi ukurannya atau strukturnya tidak wajar (zip bomb). Simpan ulang dokumen dari aplikasi perkantoran lalu unggah lagi.',
        en: 'This document is not accepted: it inflates far beyond its size or its structure is not sound (a zip bomb). Save it again from the office application and upload it again.',
      },
      detail: { reason },
    });
}

/**
 * Decides from the bytes what a file is and whether it may be attached: a type the
 * platform accepts, the same type the client claimed (if it claimed one) and that
 * its file name's extension says, within the limit of its kind.
 */
export function checkFile(head: Uint8Array, fileName: string, claimed: string, size: number): Sniffed {
  const sniffed = sniff(head);
  if (!sniffed) {
    throw commandFailure(CONTENT_ERRORS['unsupported-type'], {
      message: {
        id: 'Jenis berkas tidak didukung (dikenali dari isinya): gunakan JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX, PPTX, MP4, MOV atau WebM.',
        en: 'Unsupported file type (recognised from its content): use JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX, PPTX, MP4, MOV or WebM.',
      },
      detail: { allowed: allowedTypes() },
    });
  }
  const claimedType = canonicalMediaType(claimed);
  if (claimedType && claimedType !== 'application/octet-stream' && claimedType !== sniffed.mediaType) {
    throw commandFailure(CONTENT_ERRORS['type-mismatch'], {
      message: {
        id: `Isi berkas adalah ${sniffed.mediaType}, bukan ${claimedType} seperti yang disebutkan.`,
        en: `The file's content is ${sniffed.mediaType}, not ${claimedType} as claimed.`,
      },
      detail: { claimed: claimedType, detected: sniffed.mediaType },
    });
  }
  const extension = extensionOf(fileName);
  if (!sniffed.extensions.includes(extension)) {
    throw commandFailure(CONTENT_ERRORS['type-mismatch'], {
      message: {
        id: `Nama berkas berakhiran .${extension || '(kosong)'}, tetapi isinya ${sniffed.mediaType} (.${sniffed.extensions[0]}).`,
        en: `The file name ends in .${extension || '(none)'} but its content is ${sniffed.mediaType} (.${sniffed.extensions[0]}).`,
      },
      detail: { extension, detected: sniffed.mediaType, expected: sniffed.extensions },
    });
  }
  if (size > ATTACHMENT_LIMITS.maxBytes[sniffed.kind]) throw tooLarge(sniffed.kind, size);
  return sniffed;
}

/** The bytes of an inline upload: valid base64, and small enough to travel inline. */
export function inlineBytes(dataBase64: string): Buffer {
  const clean = dataBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw commandFailure(CONTENT_ERRORS['invalid-base64'], {
      message: {
        id: 'Data berkas bukan base64 yang valid.',
        en: 'The file data is not valid base64.',
      },
    });
  }
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length > ATTACHMENT_LIMITS.inlineMaxBytes) {
    throw commandFailure(CONTENT_ERRORS['too-large'], {
      message: {
        id: `Berkas di atas ${ATTACHMENT_LIMITS.inlineMaxBytes} byte diunggah lewat content.attachment.begin-upload.`,
        en: `Files over ${ATTACHMENT_LIMITS.inlineMaxBytes} bytes are uploaded through content.attachment.begin-upload.`,
      },
      detail: {
        size: bytes.length,
        max: ATTACHMENT_LIMITS.inlineMaxBytes,
        use: 'content.attachment.begin-upload',
      },
    });
  }
  return bytes;
}

/** The kind an upload slot is opened for: the claimed type's, if the platform takes it at that size. */
export function claimedKind(mediaType: string, size: number): { claimed: string; kind: AttachmentKind } {
  const claimed = canonicalMediaType(mediaType);
  const kind = kindOf(claimed);
  if (!kind) {
    throw commandFailure(CONTENT_ERRORS['unsupported-type'], {
      message: {
        id: `Jenis berkas ${claimed} tidak didukung.`,
        en: `File type ${claimed} is not supported.`,
      },
      detail: { allowed: allowedTypes() },
    });
  }
  if (size > ATTACHMENT_LIMITS.maxBytes[kind]) throw tooLarge(kind, size);
  return { claimed, kind };
}

/** The slot was opened for `announced` bytes: more is refused, whatever the type allows. */
export function checkAnnouncedSize(size: number, announced: number): void {
  if (size > announced)
    throw commandFailure(CONTENT_ERRORS['too-large'], {
      message: {
        id: `Berkas ${size} byte melebihi ukuran yang diumumkan saat unggah dimulai (${announced} byte).`,
        en: `The file of ${size} bytes exceeds the size announced when the upload began (${announced} bytes).`,
      },
      detail: { size, announced },
    });
}

/** An upload slot past its time: a new upload begins. */
export function uploadExpired(): CommandFailure {
  return commandFailure(CONTENT_ERRORS['upload-expired'], {
    message: {
      id: 'Waktu unggah untuk lampiran ini sudah habis; mulai unggah baru.',
      en: 'The upload slot for this attachment has expired; begin a new upload.',
    },
  });
}
