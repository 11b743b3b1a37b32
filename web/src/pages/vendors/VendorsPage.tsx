import { Badge, Button, Group, Text } from "@mantine/core";
import { IconBuildingStore, IconFileImport, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useLocation } from "react-router";
import { api } from "../../api/client.ts";
import type { Vendor } from "../../api/models/vendors.ts";
import { DataTable, type DataTableProps, FilterSelect, listEmpty, TitleLink } from "../../components/DataTable.tsx";
import { ImportTableModal } from "../../components/ImportTableModal.tsx";
import { RegisterListLayout, RegisterToolbar } from "../../components/RegisterListLayout.tsx";
import { formatDay } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { CRITICALITIES, CRITICALITY_COLORS, CRITICALITY_LABELS, DUE_DILIGENCE, vendorKeys } from "./labels.ts";
import { useMembers, VendorFormModal } from "./VendorForm.tsx";
import { VendorMoreLinks } from "./VendorMoreLinks.tsx";

const STATUSES = ["active", "offboarded"] as const;
const IMPORT_TEMPLATE =
  "name,website,services,criticality,data shared,owner,contract start,contract end,status,subprocessor,subprocessor purpose,subprocessor location,subservice organization,next review";

export function CriticalityBadge({ value }: { value: Vendor["criticality"] }) {
  return value ? (
    <Badge variant="light" color={CRITICALITY_COLORS[value]}>
      {CRITICALITY_LABELS[value]}
    </Badge>
  ) : (
    <Text size="sm" c="dimmed">
      Not tiered
    </Text>
  );
}

export function DueDiligenceBadge({ v }: { v: Pick<Vendor, "dueDiligence"> }) {
  const d = DUE_DILIGENCE[v.dueDiligence.state];
  return (
    <Badge variant="dot" color={d.color}>
      {d.label}
      {v.dueDiligence.reportExpiry && v.dueDiligence.state !== "none"
        ? ` · ${formatDay(v.dueDiligence.reportExpiry)}`
        : ""}
    </Badge>
  );
}

/** The vendor register: every vendor with its tier, owner, review date and due diligence. */
export function VendorsPage() {
  const can = useCan();
  const { search } = useLocation();
  const members = useMembers();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const { filters, list } = useListQuery({
    filters: ["q", "status", "criticality", "owner", "subprocessor", "reviewOverdue"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      status: oneOf(STATUSES, v.status),
      criticality: oneOf(CRITICALITIES, v.criticality),
      owner: v.owner,
      subprocessor: oneOf(["true", "false"] as const, v.subprocessor),
      reviewOverdue: oneOf(["true", "false"] as const, v.reviewOverdue),
      ...paging,
    }),
    key: vendorKeys.list,
    fetch: (query) => api.GET("/api/v1/vendors", { params: { query } }),
  });
  const linkTo = (v: Vendor) => ({ pathname: `/vendors/${v.id}`, search });
  const columns: DataTableProps<Vendor>["columns"] = [
    {
      header: "Vendor",
      cell: (v) => (
        <TitleLink to={linkTo(v)} below={v.services || v.website || undefined}>
          {v.name}
        </TitleLink>
      ),
    },
    { header: "Criticality", width: 120, cell: (v) => <CriticalityBadge value={v.criticality} /> },
    {
      header: "Owner",
      width: 160,
      cell: (v) => (
        <Text size="sm" c={v.owner ? undefined : "red.9"}>
          {v.owner?.name ?? "No owner"}
        </Text>
      ),
    },
    { header: "Due diligence", width: 190, cell: (v) => <DueDiligenceBadge v={v} /> },
    {
      header: "Next review",
      width: 130,
      cell: (v) => (
        <Text size="sm" c={v.reviewOverdue ? "red.9" : undefined} fw={v.reviewOverdue ? 600 : undefined}>
          {v.nextReviewDate ? formatDay(v.nextReviewDate) : v.status === "active" ? "Not set" : "—"}
        </Text>
      ),
    },
    {
      header: "Role",
      width: 150,
      cell: (v) => (
        <Group gap={4}>
          {v.isSubprocessor && (
            <Badge size="sm" variant="outline">
              Subprocessor
            </Badge>
          )}
          {v.isSubserviceOrg && (
            <Badge size="sm" variant="outline" color="grape">
              Subservice
            </Badge>
          )}
          {v.status === "offboarded" && (
            <Badge size="sm" variant="light" color="gray">
              Offboarded
            </Badge>
          )}
        </Group>
      ),
    },
  ];
  return (
    <RegisterListLayout
      title="Vendors"
      description="Every vendor that touches your data or your service: its tier, owner, due diligence and review date. The subprocessors among them feed the trust center."
      views="vendors"
      links={<VendorMoreLinks />}
      download={{ href: "/api/v1/vendors/export.csv", label: "vendors" }}
      actions={
        can("vendors.manage") && (
          <>
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
              Import
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add a vendor
            </Button>
          </>
        )
      }
      table={
        <DataTable
          label="Vendors"
          query={list}
          columns={columns}
          rowKey={(v) => v.id}
          rowLink={linkTo}
          minWidth={900}
          paging={filters}
          noun={["vendor", "vendors"]}
          empty={listEmpty(filters, "vendor", {
            icon: <IconBuildingStore size={28} />,
            title: "No vendors yet",
            description:
              "Add the vendors that process your or your customers' data, or import them from a spreadsheet.",
          })}
          toolbar={
            <RegisterToolbar
              filters={filters}
              search={{ label: "Search vendors", placeholder: "Search vendors", w: 260 }}
            >
              <FilterSelect
                filters={filters}
                name="criticality"
                aria-label="Criticality"
                placeholder="Any criticality"
                w={160}
                data={CRITICALITIES.map((c) => ({ value: c, label: CRITICALITY_LABELS[c] }))}
              />
              <FilterSelect
                filters={filters}
                name="status"
                aria-label="Status"
                placeholder="Any status"
                w={140}
                data={[
                  { value: "active", label: "Active" },
                  { value: "offboarded", label: "Offboarded" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="owner"
                aria-label="Owner"
                placeholder="Any owner"
                w={170}
                data={members.data ?? []}
              />
              <FilterSelect
                filters={filters}
                name="subprocessor"
                aria-label="Subprocessor"
                placeholder="Any role"
                w={170}
                data={[
                  { value: "true", label: "Subprocessors" },
                  { value: "false", label: "Not subprocessors" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="reviewOverdue"
                aria-label="Review"
                placeholder="Any review date"
                w={180}
                data={[{ value: "true", label: "Review overdue" }]}
              />
            </RegisterToolbar>
          }
        />
      }
    >
      {adding && <VendorFormModal opened onClose={() => setAdding(false)} />}
      <ImportTableModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import vendors"
        path="/api/v1/vendors/import"
        noun="vendors"
        help={
          <Text size="sm">
            One row per vendor; only <b>name</b> is required. A name already in the register updates that vendor.
            Criticality: low, medium, high or critical. Owner: a member's email. Data shared: categories separated by{" "}
            <b>;</b>. Dates as YYYY-MM-DD; subprocessor and subservice organization: yes or no. Columns:{" "}
            <span className="assay-mono">{IMPORT_TEMPLATE}</span>
          </Text>
        }
      />
    </RegisterListLayout>
  );
}
