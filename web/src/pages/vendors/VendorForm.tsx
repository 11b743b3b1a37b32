import {
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { VendorDetail } from "../../api/models/vendors.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import {
  CRITICALITIES,
  CRITICALITY_LABELS,
  type Criticality,
  DATA_CATEGORIES,
  DATA_LABELS,
  type DataCategory,
} from "./labels.ts";

/** The organization's members, for owner pickers (the API pages at 100). */
export const useMembers = () =>
  useQuery({
    queryKey: ["members", "vendor-owners"],
    queryFn: () => api.GET("/api/v1/members", { params: { query: { pageSize: 100 } } }),
    select: (d) => d.items.map((m) => ({ value: m.userId, label: m.name })),
    staleTime: 60_000,
  });

const blank = (v: string) => (v.trim() === "" ? null : v.trim());

/** Adds a vendor, or edits one (`vendor` given). */
export function VendorFormModal({
  opened,
  onClose,
  vendor,
}: {
  opened: boolean;
  onClose: () => void;
  vendor?: VendorDetail;
}) {
  const navigate = useNavigate();
  const members = useMembers();
  const [name, setName] = useState(vendor?.name ?? "");
  const [website, setWebsite] = useState(vendor?.website ?? "");
  const [services, setServices] = useState(vendor?.services ?? "");
  const [criticality, setCriticality] = useState<string | null>(vendor?.criticality ?? null);
  const [dataShared, setDataShared] = useState<string[]>(vendor?.dataShared ?? []);
  const [owner, setOwner] = useState<string | null>(vendor?.owner?.id ?? null);
  const [contractStart, setContractStart] = useState(vendor?.contractStart ?? "");
  const [contractEnd, setContractEnd] = useState(vendor?.contractEnd ?? "");
  const [nextReviewDate, setNextReviewDate] = useState(vendor?.nextReviewDate ?? "");
  const [status, setStatus] = useState<string>(vendor?.status ?? "active");
  const [isSubprocessor, setIsSubprocessor] = useState(vendor?.isSubprocessor ?? false);
  const [purpose, setPurpose] = useState(vendor?.subprocessorPurpose ?? "");
  const [location, setLocation] = useState(vendor?.subprocessorLocation ?? "");
  const [isSubservice, setIsSubservice] = useState(vendor?.isSubserviceOrg ?? false);

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        website: blank(website),
        services: services.trim(),
        criticality: criticality as Criticality | null,
        dataShared: dataShared as DataCategory[],
        ownerUserId: owner,
        contractStart: blank(contractStart),
        contractEnd: blank(contractEnd),
        nextReviewDate: blank(nextReviewDate),
        status: status as "active" | "offboarded",
        isSubprocessor,
        subprocessorPurpose: isSubprocessor ? blank(purpose) : null,
        subprocessorLocation: isSubprocessor ? blank(location) : null,
        isSubserviceOrg: isSubservice,
      };
      return vendor
        ? api.PATCH("/api/v1/vendors/{id}", { params: { path: { id: vendor.id } }, body, quiet: true })
        : api.POST("/api/v1/vendors", { body, quiet: true });
    },
    onSuccess: (v) => {
      notifySuccess(vendor ? `Saved ${v.name}.` : `Added ${v.name}.`);
      onClose();
      if (!vendor) navigate(`/vendors/${v.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = (f: string) => fieldError(save.error, f);
  return (
    <Modal opened={opened} onClose={onClose} title={vendor ? `Edit ${vendor.name}` : "Add a vendor"} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={err("name")}
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Website"
              placeholder="https://"
              value={website}
              onChange={(e) => setWebsite(e.currentTarget.value)}
              error={err("website")}
            />
            <Select
              label="Owner"
              placeholder="Who manages this vendor"
              data={members.data ?? []}
              value={owner}
              onChange={setOwner}
              searchable
              clearable
            />
          </SimpleGrid>
          <Textarea
            label="Services"
            description="What the vendor does for you"
            autosize
            minRows={2}
            value={services}
            onChange={(e) => setServices(e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Criticality"
              placeholder="Not tiered yet"
              data={CRITICALITIES.map((c) => ({ value: c, label: CRITICALITY_LABELS[c] }))}
              value={criticality}
              onChange={setCriticality}
              clearable
            />
            <MultiSelect
              label="Data shared"
              placeholder={dataShared.length ? undefined : "Pick categories"}
              data={DATA_CATEGORIES.map((c) => ({ value: c, label: DATA_LABELS[c] }))}
              value={dataShared}
              onChange={setDataShared}
            />
            <TextInput
              label="Contract start"
              type="date"
              value={contractStart}
              onChange={(e) => setContractStart(e.currentTarget.value)}
            />
            <TextInput
              label="Contract end"
              type="date"
              value={contractEnd}
              onChange={(e) => setContractEnd(e.currentTarget.value)}
              error={err("contractEnd")}
            />
            <TextInput
              label="Next review"
              type="date"
              value={nextReviewDate}
              onChange={(e) => setNextReviewDate(e.currentTarget.value)}
            />
            <Select
              label="Status"
              data={[
                { value: "active", label: "Active" },
                { value: "offboarded", label: "Offboarded" },
              ]}
              value={status}
              onChange={(v) => setStatus(v ?? "active")}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Checkbox
            label="Subprocessor: processes customer data on our behalf"
            checked={isSubprocessor}
            onChange={(e) => setIsSubprocessor(e.currentTarget.checked)}
          />
          {isSubprocessor && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Purpose" value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} />
              <TextInput
                label="Location"
                placeholder="e.g. EU (Frankfurt)"
                value={location}
                onChange={(e) => setLocation(e.currentTarget.value)}
              />
            </SimpleGrid>
          )}
          <Checkbox
            label="Subservice organization: its controls are carved out of (or inherited in) our audit scope"
            checked={isSubservice}
            onChange={(e) => setIsSubservice(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {vendor ? "Save" : "Add vendor"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
