import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconFileTypeCsv, IconJson, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, apiUrl } from "../../../api/client.ts";
import type { ResponseOf } from "../../../api/types.ts";
import { type Column, DataTable } from "../../../components/DataTable.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { useProgram } from "../../../program/context.tsx";
import { keys } from "../../../program/queries.ts";
import { CoverageBar, coverageSentence, PartsCoverage } from "./FrameworksPage.tsx";

type Show = "all" | Requirement["coverage"];
type Requirement = ResponseOf<"/api/v1/content/frameworks/{id}">["requirements"][number];
type Strength = Requirement["mappings"][number]["strength"];

/** Our control is … the requirement (docs/user-guide-program.md#crosswalks). */
const STRENGTH: Record<Strength, { label: string; color: string; help: string }> = {
  equal: { label: "equal", color: "teal", help: "asks for the same thing as the requirement" },
  superset: { label: "superset", color: "teal", help: "does all the requirement asks, and more" },
  subset: { label: "subset", color: "yellow", help: "does part of what the requirement asks" },
  intersects: { label: "intersects", color: "gray", help: "overlaps with the requirement; neither contains the other" },
};

/** /programs/:id/frameworks/:frameworkId — each requirement with the program's controls that cover it. */
export function FrameworkDetailPage() {
  const program = useProgram();
  const { frameworkId = "" } = useParams();
  const [show, setShow] = useState<Show>("all");
  const [q, setQ] = useState("");
  const fw = useQuery({
    queryKey: keys.framework(program.id, frameworkId),
    queryFn: () =>
      api.GET("/api/v1/content/frameworks/{id}", {
        params: { path: { id: frameworkId }, query: { programId: program.id } },
      }),
  });
  const f = fw.data;
  const needle = q.trim().toLowerCase();
  const rows = (f?.requirements ?? []).filter(
    (r) =>
      (show === "all" || r.coverage === show) &&
      (!needle || `${r.id} ${r.title} ${r.controls.join(" ")}`.toLowerCase().includes(needle)),
  );
  const columns: Column<Requirement>[] = [
    {
      header: "Requirement",
      width: 170,
      cell: (r) => (
        <Text size="sm" className="assay-mono" style={{ whiteSpace: "nowrap", wordBreak: "normal" }}>
          {r.id}
        </Text>
      ),
    },
    { header: "Title", cell: (r) => <Text size="sm">{r.title}</Text> },
    {
      header: "Mapped controls",
      width: "45%",
      cell: (r) =>
        r.mappings.length === 0 ? (
          <Badge color="orange" variant="light" size="sm">
            Not covered
          </Badge>
        ) : (
          <Stack gap={4}>
            {r.coverage === "partial" && (
              <Text size="xs" c="yellow.8">
                Partly covered: no single control covers it on its own
              </Text>
            )}
            <Group gap={4}>
              {r.mappings.map((m) => (
                <Tooltip
                  key={m.controlId}
                  multiline
                  w={320}
                  withArrow
                  label={`${m.controlId} ${STRENGTH[m.strength].help}. ${m.rationale}`}
                >
                  <Badge
                    component={Link}
                    to={`/programs/${program.id}/controls/${m.controlId}`}
                    variant="light"
                    color={STRENGTH[m.strength].color}
                    size="sm"
                    className="assay-mono-badge"
                    style={{ cursor: "pointer" }}
                    aria-label={`${m.controlId}, ${STRENGTH[m.strength].label}: ${m.rationale}`}
                  >
                    {m.controlId} · {STRENGTH[m.strength].label}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
          </Stack>
        ),
    },
  ];
  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to={`/programs/${program.id}/frameworks`} size="sm">
          Frameworks
        </Anchor>
        <Text size="sm">{f?.name ?? frameworkId}</Text>
      </Breadcrumbs>
      <ErrorAlert error={fw.error} />
      {!f ? (
        !fw.isError && <Skeleton h={400} />
      ) : (
        <>
          <Stack gap={4}>
            <Title order={1} fz={26}>
              {f.name}{" "}
              <Text span c="dimmed" fz="lg">
                {f.version}
              </Text>
            </Title>
            <Text size="sm" c="dimmed" maw={760}>
              {f.description}
            </Text>
            <Group gap="xs" mt={4}>
              <Button
                component="a"
                href={apiUrl("/api/v1/content/frameworks/{id}/crosswalk.csv", {
                  path: { id: f.id },
                  query: { programId: program.id },
                })}
                download
                variant="default"
                size="xs"
                leftSection={<IconFileTypeCsv size={16} />}
              >
                Crosswalk CSV
              </Button>
              <Button
                component="a"
                href={apiUrl("/api/v1/content/frameworks/{id}/mapping.json", {
                  path: { id: f.id },
                  query: { programId: program.id },
                })}
                download
                variant="default"
                size="xs"
                leftSection={<IconJson size={16} />}
                disabled={f.covered + f.partial === 0}
              >
                OSCAL mapping
              </Button>
            </Group>
          </Stack>
          <Card withBorder padding="md">
            {f.parts.length > 0 ? (
              <PartsCoverage parts={f.parts} />
            ) : (
              <Stack gap={6}>
                <Text size="sm">Shared controls: {coverageSentence(f, "requirements")}.</Text>
                <CoverageBar c={f} />
              </Stack>
            )}
            <Text size="xs" c="dimmed" mt="sm">
              Covered means a control equals or exceeds the requirement; partly means the mapped controls each do only
              part of it or overlap with it. Mappings last reviewed {f.reviewed}.
            </Text>
          </Card>
          <Group justify="space-between">
            <TextInput
              aria-label="Search requirements"
              placeholder="Search requirements or controls"
              leftSection={<IconSearch size={16} />}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={320}
            />
            <SegmentedControl
              aria-label="Show requirements"
              value={show}
              onChange={(v) => setShow(v as Show)}
              data={[
                { value: "all", label: `All (${f.total})` },
                { value: "covered", label: `Covered (${f.covered})` },
                { value: "partial", label: `Partly (${f.partial})` },
                { value: "none", label: `Not covered (${f.total - f.covered - f.partial})` },
              ]}
            />
          </Group>
          {f.groups.map((g) => {
            const inGroup = rows.filter((r) => r.group === g.id);
            if (inGroup.length === 0) return null;
            return (
              <DataTable
                key={g.id}
                label={`${g.name} requirements`}
                rows={inGroup}
                columns={columns}
                rowKey={(r) => r.id}
                minWidth={640}
                tableProps={{ verticalSpacing: "xs", highlightOnHover: false }}
                toolbar={
                  <Text fw={600}>
                    {g.id} · {g.name}
                  </Text>
                }
              />
            );
          })}
          {rows.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="xl">
              No requirements match.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
