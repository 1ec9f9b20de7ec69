export { FONT_FAMILY, FACES, SUBSETS, fontFileName, type Face, type Subset } from './faces';
export { advance, inSubset, parseUnicodeRange, textWidth } from './metrics';
export { embeddedFontFaces, fontFaceRules, fontFileBytes, fontFilePath, subsetsFor } from './files';
export { FONT_SOURCE } from './generated/metrics';
