import type { AnchorHTMLAttributes } from 'react';
import { onLinkClick } from '../lib/router';

/** An in-app link: a real <a href> (new tabs, copy link) that navigates without a reload. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} onClick={props.onClick ?? onLinkClick} />;
}
