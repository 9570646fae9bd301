// A value whose MarshalJSON fails (time.Time past year 9999): helm's toJson and toYaml print
// nothing, mustToJson fails with encoding/json's *MarshalerError text (helm v4.1.4 outputs).
import { describe, expect, it } from 'vitest';
import { Template } from '../../../../src/gotemplate/index.js';
import { helmFuncMap } from '../../../../src/helm/funcs/helm/funcmap.js';

const lateDate = '(toDate "2006-01-02" "9999-12-31" | dateModify "+48h")';
const render = (text: string): string => new Template('t', { funcs: helmFuncMap() }).parse(text).execute({});

describe('values whose MarshalJSON fails', () => {
  it('toJson and toYaml print nothing, as helm does', () => {
    expect(render(`a: {{ ${lateDate} | toJson | quote }} b: {{ ${lateDate} | toYaml | quote }}`)).toBe('a: "" b: ""');
  });

  it("mustToJson fails with Go's MarshalerError text", () => {
    expect(() => render(`{{ ${lateDate} | mustToJson }}`)).toThrow(
      'error calling mustToJson: json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]',
    );
  });
});
