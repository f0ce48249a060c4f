import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataFileError } from "../../../src/config/data-file.js";
import { loadFlows } from "../../../src/core/flows/loader.js";
import { PROJECT_ROOT } from "../../../src/infra/paths.js";
import { temporaryDirectory } from "../../support/services.js";

const directories: { remove(): void }[] = [];
afterEach(() => directories.splice(0).forEach((directory) => directory.remove()));

function flowsDir(files: Record<string, string>): string {
  const directory = temporaryDirectory();
  directories.push(directory);
  const path = join(directory.path, "flows");
  mkdirSync(path);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(path, name), content);
  return path;
}

function problems(files: Record<string, string>): string[] {
  try {
    loadFlows(flowsDir(files));
  } catch (error) {
    if (error instanceof DataFileError) return [...error.lines];
    throw error;
  }
  throw new Error("the flows loaded without error");
}

const VALID = `
id: mini
commands: [mini]
title: { id: Mini, en: Mini }
preset: { kind: aspirasi, anonymous: false, confidential: false }
steps:
  - id: title
    field: title
    type: text
    label: { id: Judul, en: Title }
    prompt: { id: Judul?, en: Title? }
  - id: description
    field: description
    type: text
    label: { id: Isi, en: Description }
    prompt: { id: Isi?, en: Description? }
`;

describe("flow files", () => {
  it("ship a valid complaint flow started by /lapor", () => {
    const flows = loadFlows(join(PROJECT_ROOT, "flows"));
    expect(flows.forCommand("lapor")?.id).toBe("lapor");
    expect(flows.get("lapor")?.steps.map((step) => step.type)).toEqual([
      "choice",
      "text",
      "text",
      "category",
      "location",
      "date",
      "attachments",
      "yesNo",
      "yesNo",
      "yesNo",
    ]);
  });

  it("load a small valid flow", () => {
    expect(loadFlows(flowsDir({ "mini.yaml": VALID })).get("mini")?.steps).toHaveLength(2);
  });

  it("name the file, the step and the reason when a step is wrong", () => {
    const unknownType = VALID.replace(
      "type: text\n    label: { id: Isi",
      "type: txt\n    label: { id: Isi",
    );
    expect(problems({ "mini.yaml": unknownType })).toEqual([
      expect.stringMatching(
        /mini\.yaml: step 'description'\.type: expected type: choice, text, category/,
      ),
    ]);
    const badLengths = VALID.replace(
      "id: title\n    field: title\n    type: text",
      "id: title\n    field: title\n    type: text\n    minLetters: 50\n    maxLength: 10",
    );
    expect(problems({ "mini.yaml": badLengths })).toEqual([
      expect.stringMatching(
        /mini\.yaml: step 'title'\.minLetters: minLetters is larger than maxLength$/,
      ),
    ]);
  });

  it("say what replaces minLength, which counted emoji and spaces", () => {
    const old = VALID.replace(
      "id: title\n    field: title\n    type: text",
      "id: title\n    field: title\n    type: text\n    minLength: 10",
    );
    expect(problems({ "mini.yaml": old })).toEqual([
      expect.stringMatching(
        /mini\.yaml: step 'title'\.minLength: minLength counted emoji and spaces; use minLetters \(letters and digits\) and minWords instead$/,
      ),
    ]);
  });

  it("word a prompt by an earlier answer, and refuse a variant on an answer that cannot be", () => {
    const withKind = (variantValue: string) => `
id: mini
commands: [mini]
title: { id: Mini, en: Mini }
preset: { anonymous: false, confidential: false }
steps:
  - id: kind
    field: kind
    type: choice
    label: { id: Jenis, en: Kind }
    prompt: { id: Jenis?, en: Kind? }
    options:
      - { value: pengaduan, label: { id: Pengaduan, en: Complaint } }
      - { value: aspirasi, label: { id: Aspirasi, en: Suggestion } }
  - id: title
    field: title
    type: text
    label: { id: Judul, en: Title }
    prompt: { id: Judul?, en: Title? }
  - id: description
    field: description
    type: text
    label: { id: Isi, en: Description }
    prompt: { id: Kronologi?, en: What happened? }
    promptWhen:
      - when: { step: kind, in: [${variantValue}] }
        prompt: { id: Usulan?, en: Suggestion? }
`;
    const loaded = loadFlows(flowsDir({ "mini.yaml": withKind("aspirasi") }));
    expect(loaded.get("mini")?.steps[2]?.promptWhen?.[0]?.prompt.en).toBe("Suggestion?");
    expect(problems({ "mini.yaml": withKind("usulan") })).toEqual([
      expect.stringMatching(
        /mini\.yaml: step 'description'\.promptWhen\.0\.when: 'usulan' is not an option of step 'kind'$/,
      ),
    ]);
  });

  it("refuse a step that fills a field with the wrong kind of question", () => {
    const broken = VALID.replace(
      "field: description\n    type: text",
      "field: description\n    type: date",
    );
    expect(problems({ "mini.yaml": broken })).toContainEqual(
      expect.stringMatching(
        /step 'description'\.type: field 'description' needs a step of type text/,
      ),
    );
  });

  it("refuse a flow that never fills a required field", () => {
    const broken = VALID.replace(
      "preset: { kind: aspirasi, anonymous: false, confidential: false }",
      "preset: { kind: aspirasi }",
    );
    expect(problems({ "mini.yaml": broken })).toEqual([
      expect.stringMatching(
        /mini\.yaml: steps: no step or preset fills the required field 'anonymous'/,
      ),
      expect.stringMatching(
        /mini\.yaml: steps: no step or preset fills the required field 'confidential'/,
      ),
    ]);
  });

  it("refuse texts missing a language", () => {
    const broken = VALID.replace("label: { id: Isi, en: Description }", "label: { id: Isi }");
    expect(problems({ "mini.yaml": broken })).toEqual([
      expect.stringMatching(
        /mini\.yaml: step 'description'\.label\.en: the English text \(en\) is missing$/,
      ),
    ]);
  });

  it("refuse a condition on a step that does not come earlier", () => {
    const broken = `${VALID}  - id: place
    field: location
    type: location
    optional: true
    when: { step: later, in: [x] }
    label: { id: Lokasi, en: Location }
    prompt: { id: Di mana?, en: Where? }
`;
    expect(problems({ "mini.yaml": broken })).toEqual([
      expect.stringMatching(
        /step 'place'\.when: 'when' refers to 'later', which is not an earlier step$/,
      ),
    ]);
  });

  it("take several conditions that must all hold, and test files by their kind", () => {
    const files = `${VALID.replace(", confidential: false", "")}  - id: files
    field: attachments
    type: attachments
    optional: true
    label: { id: Lampiran, en: Attachments }
    prompt: { id: Lampiran?, en: Attachments? }
  - id: secret
    field: confidential
    type: yesNo
    label: { id: Rahasia, en: Confidential }
    prompt: { id: Rahasia?, en: Confidential? }
  - id: public_photos
    field: photosPublic
    type: yesNo
    when:
      - { step: files, in: [KINDS] }
      - { step: secret, in: [false] }
    label: { id: Foto publik, en: Public photos }
    prompt: { id: Boleh?, en: May we? }
`;
    const valid = files.replace("KINDS", "photo");
    const when = loadFlows(flowsDir({ "mini.yaml": valid }))
      .get("mini")
      ?.steps.at(-1)?.when;
    expect(when).toEqual([
      { step: "files", in: ["photo"] },
      { step: "secret", in: [false] },
    ]);
    expect(problems({ "mini.yaml": files.replace("KINDS", "video") })).toEqual([
      expect.stringMatching(
        /step 'public_photos'\.when: step 'files' takes files, so 'when\.in' takes photo or document$/,
      ),
    ]);
  });

  it("report YAML syntax errors with their line", () => {
    expect(problems({ "mini.yaml": "id: [unclosed\nsteps: 1" })).toEqual([
      expect.stringMatching(/mini\.yaml: line \d+, column \d+: /),
    ]);
  });

  it("refuse two flows claiming the same command", () => {
    expect(problems({ "a.yaml": VALID, "b.yaml": VALID.replace("id: mini", "id: other") })).toEqual(
      [expect.stringMatching(/b\.yaml: command \/mini is also used by a\.yaml/)],
    );
  });
});
