/** Paging for list queries: an opaque cursor from the previous page. */
export interface Page {
  limit?: number;
  cursor?: string;
}
