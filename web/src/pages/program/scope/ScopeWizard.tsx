import { Button, Card, Group, Stack, Stepper } from "@mantine/core";
import { IconArrowLeft, IconArrowRight, IconCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../../api/client.ts";
import type { CategoryId, Program } from "../../../api/models/program.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { ReadOnlyNotice } from "../../../components/ReadOnlyNotice.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useProgram } from "../../../program/context.tsx";
import { inProgram, keys, useAllControls, useCriteria, useLibrary } from "../../../program/queries.ts";
import { periodProblem } from "../../../program/rules.ts";
import { useCan } from "../../../session.tsx";
import { CategoriesStep } from "./CategoriesStep.tsx";
import { bodyOf, type Draft, draftOf, type SetDraft, type SetScope, startStep } from "./draft.ts";
import { PeriodStep } from "./PeriodStep.tsx";
import { ReportTypeStep } from "./ReportTypeStep.tsx";
import { type AdoptOffer, ReviewStep } from "./ReviewStep.tsx";
import { SubservicesStep } from "./SubservicesStep.tsx";
import { SystemStep } from "./SystemStep.tsx";
import { UserEntityStep } from "./UserEntityStep.tsx";

const STEPS = [
  { label: "Report type", title: "Type I or Type II" },
  { label: "Period", title: "The as-of date or the audit window" },
  { label: "Categories", title: "Which Trust Services Categories are tested" },
  { label: "System", title: "Services, commitments, components and boundaries" },
  { label: "Subservices", title: "Vendors that run part of the system" },
  { label: "Customers", title: "What customers must do themselves" },
  { label: "Review", title: "Check everything and finish" },
];
const LAST = STEPS.length - 1;

/**
 * The library controls of the categories added since the wizard opened that the program does not have yet; offered
 * only to programs that work from the library (they have controls already).
 */
function useAdoptOffer(program: Program, added: CategoryId[], enabled: boolean) {
  const on = enabled && added.length > 0 && program.controlCount > 0;
  const library = useLibrary(on);
  const criteria = useCriteria();
  const existing = useAllControls(program.id, on);
  if (!on || !library.data || !criteria.data || !existing.data) return null;
  const categoryOf = new Map(criteria.data.criteria.map((c) => [c.id, c.category]));
  const have = new Set(existing.data.items.map((c) => c.libraryId));
  const chosen = new Set<string>(added);
  const count = library.data.controls.filter(
    (c) => !have.has(c.id) && c.criteria.some((id) => chosen.has(categoryOf.get(id) ?? "")),
  ).length;
  return count > 0 ? { categories: added, count } : null;
}

/** /programs/:id/scope — the scoping wizard. Each "Next" saves the draft; "Finish" marks the program scoped. */
export function ScopeWizard() {
  const program = useProgram();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraftState] = useState<Draft>(() => draftOf(program));
  const [step, setStep] = useState(() => startStep(program));
  const [furthest, setFurthest] = useState(() => (program.scopedAt ? LAST : startStep(program)));
  const [openedWith] = useState(() => new Set(program.categories));
  const [adopt, setAdopt] = useState(true);
  const set: SetDraft = (patch) => setDraftState((d) => ({ ...d, ...patch }));
  const setScope: SetScope = (patch) => setDraftState((d) => ({ ...d, scope: { ...d.scope, ...patch } }));
  const readOnly = !can("programs.manage");
  const added = draft.categories.filter((c) => c !== "security" && !openedWith.has(c));
  const offer = useAdoptOffer(program, added, !readOnly && step === LAST);
  const offered: AdoptOffer | null = offer && { ...offer, checked: adopt, onChange: setAdopt };

  const save = useMutation({
    mutationFn: (finish: boolean) =>
      api.PATCH("/api/v1/programs/{programId}", {
        ...inProgram(program.id),
        body: {
          ...bodyOf(draft),
          ...(finish ? { scoped: true } : {}),
          ...(finish && offered?.checked ? { adoptControlsFor: offered.categories } : {}),
        },
      }),
    onSuccess: (p, finish) => {
      const adopted = p.controlCount - program.controlCount;
      qc.setQueryData(keys.program(p.id), p);
      if (adopted > 0) void qc.invalidateQueries({ queryKey: keys.program(p.id) });
      if (finish) {
        notifySuccess(
          `The scope is saved${adopted > 0 ? ` and ${adopted} library controls were adopted` : ""}. Next: answer the self-assessment or review your controls.`,
          "Scoping finished",
        );
        navigate(`/programs/${p.id}`);
      }
    },
  });

  const goTo = (s: number) => {
    setStep(s);
    setFurthest((f) => Math.max(f, s));
    window.scrollTo({ top: 0 });
  };
  const next = async () => {
    if (readOnly) return goTo(step + 1);
    await save.mutateAsync(false).then(
      () => goTo(step + 1),
      () => {},
    );
  };
  const blocked = step === 1 && !!periodProblem(draft);

  const body = [
    <ReportTypeStep key="type" draft={draft} set={set} />,
    <PeriodStep key="period" draft={draft} set={set} />,
    <CategoriesStep key="cat" draft={draft} set={set} controlCount={program.controlCount} />,
    <SystemStep key="sys" draft={draft} setScope={setScope} />,
    <SubservicesStep key="sub" draft={draft} setScope={setScope} />,
    <UserEntityStep key="cuec" draft={draft} setScope={setScope} />,
    <ReviewStep key="review" draft={draft} onEdit={goTo} adopt={offered} />,
  ];

  return (
    <>
      <PageHeader
        title="Scope the audit"
        description="Decide what the auditor will look at: the report type and period, the Trust Services Categories, and the system. Your answers are saved at every step."
      />
      {readOnly && (
        <ReadOnlyNotice>
          You can look through the scope; changing it needs the compliance manager, admin or owner role.
        </ReadOnlyNotice>
      )}
      <Card withBorder padding="lg">
        <Stepper
          active={step}
          onStepClick={(s) => s <= furthest && goTo(s)}
          allowNextStepsSelect={false}
          size="sm"
          wrap={false}
          iconSize={30}
        >
          {STEPS.map((s, i) => (
            <Stepper.Step key={s.label} label={s.label} title={s.title} allowStepSelect={i <= furthest}>
              <Stack mt="lg" gap="lg">
                {body[i]}
              </Stack>
            </Stepper.Step>
          ))}
        </Stepper>
        <Stack mt="xl" gap="sm">
          <ErrorAlert error={save.error} title="Not saved" />
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconArrowLeft size={16} />}
              onClick={() => goTo(step - 1)}
              disabled={step === 0}
            >
              Back
            </Button>
            {step < LAST ? (
              <Button
                rightSection={<IconArrowRight size={16} />}
                onClick={next}
                loading={save.isPending}
                disabled={blocked}
              >
                {readOnly ? "Next" : "Save and continue"}
              </Button>
            ) : (
              !readOnly && (
                <Button
                  leftSection={<IconCheck size={16} />}
                  onClick={() => save.mutate(true)}
                  loading={save.isPending}
                  color="teal"
                >
                  Finish scoping
                </Button>
              )
            )}
          </Group>
        </Stack>
      </Card>
    </>
  );
}
