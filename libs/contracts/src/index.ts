export * from './naming';
export * from './envelope';
export * from './events';
export * from './commands';
export { BODY_HTML_TAGS, ATTACHMENT_REF, bodyLinkTarget } from './body-html';
export * from './text-safety';
export { bilingual, indonesianOf } from './messages';
