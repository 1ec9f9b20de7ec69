export { renderSwimlaneSvg, flowsInSheetOrder, type RenderOptions } from './swimlane';
export { renderSheetHtml } from './sheet';
export { escapeXml, measureText, wrapText } from './text';
export { formatDate, LABELS, type Lang } from './labels';
