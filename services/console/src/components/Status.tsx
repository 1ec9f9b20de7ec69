/** A polite live region for the result of an action ("Saved."). */
export function Status({ message }: { message: string }) {
  return (
    <p className="notice" role="status" aria-live="polite" hidden={!message}>
      {message}
    </p>
  );
}
