// Helm's --set family syntax (pkg/strvals).
export { parse, parseString, parseInto, parseIntoString, parseFile, parseIntoFile, parseJson, parseLiteral, parseLiteralInto, typedVal, StrvalsError, MAX_INDEX, MAX_NESTED_NAME_LEVEL, type RunesValueReader } from './parser.js';
