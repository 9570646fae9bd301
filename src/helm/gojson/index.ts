// Go's encoding/json output (Marshal, MarshalIndent) and strconv float formatting.
export { marshal, marshalIndent, quoteJsonString, compareGoStrings, JsonMarshalError, type GoJsonFields, type GoJsonMarshaler, type MarshalOptions } from './marshal.js';
export { formatFloatE, formatFloatF, formatFloatG, formatJsonFloat, type FloatBits } from './float.js';
export { unmarshal, decodeFirst, jsonKindOf, JsonSyntaxError } from './unmarshal.js';
