import { Button, FileInput, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconFileTypePdf } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { appendFields, postForm } from "../../api/upload.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { OPINION_LABELS, OPINIONS, REPORT_TYPE_LABELS, REPORT_TYPES, vendorKeys } from "./labels.ts";

const KEYED = /^\s*([A-Za-z][A-Za-z0-9]{1,9}-\d{1,4})\s*:\s*(.+)$/;

/** "ACC-03: Customers review access" → a CUEC linked to ACC-03; any other line is a CUEC without a control. */
export const parseCuecs = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = KEYED.exec(l);
      return m ? { controlKey: m[1]!.toUpperCase(), text: m[2]!.trim() } : { controlKey: null, text: l };
    });
const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** Uploads a vendor's assurance report (PDF) with what it says; the file is stored as evidence. */
export function ReportModal({ vendorId, opened, onClose }: { vendorId: string; opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [reportType, setReportType] = useState<string>("type2");
  const [periodStart, setPeriodStart] = useState("");
  const [periodEnd, setPeriodEnd] = useState("");
  const [asOfDate, setAsOfDate] = useState("");
  const [opinion, setOpinion] = useState<string>("unqualified");
  const [exceptions, setExceptions] = useState("");
  const [cuecs, setCuecs] = useState("");
  const typeOne = reportType === "type1" || reportType === "iso27001";
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const form = new FormData();
      const details = {
        reportType,
        opinion,
        ...(typeOne
          ? { asOfDate: asOfDate || null }
          : { periodStart: periodStart || null, periodEnd: periodEnd || null }),
        exceptions: lines(exceptions),
        cuecs: parseCuecs(cuecs),
      };
      appendFields(form, { details: JSON.stringify(details) });
      form.append("file", f, f.name);
      return postForm("/api/v1/vendors/{id}/reports", form, () => {}, { path: { id: vendorId } }).done;
    },
    onSuccess: () => {
      notifySuccess("The report is stored as evidence. Review it when you have read it.", "Report recorded");
      void qc.invalidateQueries({ queryKey: vendorKeys.all });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Upload an assurance report" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={upload.error} />
          <FileInput
            label="Report (PDF)"
            required
            placeholder="Choose the PDF the vendor sent"
            accept="application/pdf,.pdf"
            leftSection={<IconFileTypePdf size={16} />}
            value={file}
            onChange={setFile}
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Report type"
              data={REPORT_TYPES.map((t) => ({ value: t, label: REPORT_TYPE_LABELS[t] }))}
              value={reportType}
              onChange={(v) => setReportType(v ?? "type2")}
              allowDeselect={false}
            />
            <Select
              label="Opinion"
              data={OPINIONS.map((o) => ({ value: o, label: OPINION_LABELS[o] }))}
              value={opinion}
              onChange={(v) => setOpinion(v ?? "unqualified")}
              allowDeselect={false}
            />
            {typeOne ? (
              <TextInput
                label="As of"
                type="date"
                required
                value={asOfDate}
                onChange={(e) => setAsOfDate(e.currentTarget.value)}
              />
            ) : (
              <>
                <TextInput
                  label="Period start"
                  type="date"
                  value={periodStart}
                  onChange={(e) => setPeriodStart(e.currentTarget.value)}
                />
                <TextInput
                  label="Period end"
                  type="date"
                  required
                  value={periodEnd}
                  onChange={(e) => setPeriodEnd(e.currentTarget.value)}
                />
              </>
            )}
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The report counts as current for 12 months after its period end (or as-of date).
          </Text>
          <Textarea
            label="Exceptions noted"
            description="One per line; leave empty when the auditor noted none"
            autosize
            minRows={2}
            value={exceptions}
            onChange={(e) => setExceptions(e.currentTarget.value)}
          />
          <Textarea
            label="Complementary user entity controls that fall on us"
            description="One per line. Start a line with one of your control ids to link it, e.g. “ACC-03: Review user access quarterly”."
            autosize
            minRows={2}
            value={cuecs}
            onChange={(e) => setCuecs(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              Upload report
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Uploads a bridge letter for a report, with the last day it covers. */
export function BridgeLetterModal({
  vendorId,
  reportId,
  onClose,
}: {
  vendorId: string;
  reportId: string;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [coveredUntil, setCoveredUntil] = useState("");
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const form = new FormData();
      appendFields(form, { coveredUntil });
      form.append("file", f, f.name);
      return postForm("/api/v1/vendors/{id}/reports/{reportId}/bridge-letters", form, () => {}, {
        path: { id: vendorId, reportId },
      }).done;
    },
    onSuccess: () => {
      notifySuccess("Bridge letter added.");
      void qc.invalidateQueries({ queryKey: vendorKeys.all });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Add a bridge letter">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        <Stack>
          <ErrorAlert error={upload.error} />
          <FileInput
            label="Bridge letter (PDF)"
            required
            accept="application/pdf,.pdf"
            value={file}
            onChange={setFile}
            data-autofocus
          />
          <TextInput
            label="Covers until"
            type="date"
            required
            value={coveredUntil}
            onChange={(e) => setCoveredUntil(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!file || !coveredUntil} loading={upload.isPending}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
