import { priorityOf } from "../../core/priority.ts";
import { renderMarkdown, toYaml } from "./documents.ts";
import {
  ASSESSMENT_FILE,
  CONTROL_SECTIONS,
  controlPath,
  HEADER,
  ITEM_SECTIONS,
  itemPath,
  PROGRAM_FILE,
  SCOPE_FILE,
} from "./formats.ts";
import { type ControlModel, FORMAT, type ItemModel, type ProgramModel } from "./model.ts";

/**
 * The model as files: relative path → content. Keys are written in a fixed order, lists that are sets are sorted
 * in the model, files end with a newline and use LF, nothing depends on the clock: the same program gives the
 * same bytes.
 */
/**
 * `shown`: each control's status as the UI shows it (the status rule on its stored signals), by key; a control
 * missing from it is written with the status people declared.
 */
export function renderProgram(m: ProgramModel, shown: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const files: [string, string][] = [
    [
      PROGRAM_FILE,
      HEADER +
        toYaml({
          format: FORMAT,
          name: m.program.name,
          framework: m.program.framework,
          reportType: m.program.reportType,
          asOfDate: m.program.asOfDate,
          windowStart: m.program.windowStart,
          windowEnd: m.program.windowEnd,
          categories: m.program.categories,
          scoped: m.program.scoped,
        }),
    ],
    [SCOPE_FILE, toYaml(m.scope)],
    [
      ASSESSMENT_FILE,
      toYaml({ answers: m.assessment.map((a) => ({ criterion: a.criterion, answer: a.answer, notes: a.notes })) }),
    ],
    ...m.controls.map((c): [string, string] => [controlPath(c.key), renderControl(c, shown.get(c.key))]),
    ...m.remediation.map((r): [string, string] => [itemPath(r.ref), renderItem(r)]),
  ];
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `status` is what the UI shows (worked out from evidence, tests and what people said); when that differs from what
 * people set by hand or through the self-assessment, `declaredStatus` says what they set. The import declares
 * `declaredStatus`, or `status` when there is none.
 */
export function renderControl(c: ControlModel, shownStatus: string = c.status): string {
  return renderMarkdown(
    {
      key: c.key,
      libraryId: c.libraryId,
      name: c.name,
      ownerRole: c.ownerRole,
      owner: c.owner,
      frequency: c.frequency,
      nature: { type: c.natureType, mode: c.natureMode },
      evidence: c.evidence,
      policies: c.policies,
      criteria: c.criteria,
      applicable: c.applicable,
      notApplicableReason: c.notApplicableReason,
      status: shownStatus,
      ...(shownStatus === c.status ? {} : { declaredStatus: c.status }),
      statusReason: c.statusReason,
    },
    CONTROL_SECTIONS.map((s) => ({ heading: s.heading, text: c[s.field] })),
  );
}

export function renderItem(r: ItemModel): string {
  return renderMarkdown(
    {
      ref: r.ref,
      title: r.title,
      status: r.status,
      source: r.source,
      likelihood: r.likelihood,
      impact: r.impact,
      priority: priorityOf(r.likelihood, r.impact),
      owner: r.owner,
      dueDate: r.dueDate,
      criteria: r.criteria,
      controls: r.controls,
      evidence: r.evidence,
    },
    ITEM_SECTIONS.map((s) => ({ heading: s.heading, text: r[s.field] })),
  );
}
