import { Alert, Anchor, Badge, Button, Grid, Group, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowLeft, IconDownload, IconLock, IconVersions } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/errors.ts";
import type { EvidenceDetail } from "../../api/models/evidence.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { FreshnessBadge, KindLabel } from "./components/Badges.tsx";
import { EvidenceMeta } from "./components/EvidenceMeta.tsx";
import { EvidencePreview } from "./components/EvidencePreview.tsx";
import { LinkedControlsCard } from "./components/LinkedControlsCard.tsx";
import { NewVersionModal } from "./components/NewVersionModal.tsx";
import { VersionsCard } from "./components/VersionsCard.tsx";
import { pieceFreshness } from "./freshness.ts";
import { useEvidenceCan } from "./permissions.ts";
import { contentUrl, useEvidence } from "./queries.ts";

function BackLink() {
  const { readsAll } = useEvidenceCan();
  return (
    <Anchor component={Link} to="/evidence" size="sm" mb="xs" display="inline-block">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} /> {readsAll ? "Evidence library" : "Your evidence"}
      </Group>
    </Anchor>
  );
}

/** “Upload a new version”, or why it is not offered. */
function CorrectButton({ e, onClick }: { e: EvidenceDetail; onClick: () => void }) {
  const { can, canCorrect } = useEvidenceCan();
  if (!can("evidence.upload")) return null;
  const why = !e.current
    ? "Only the current version can be corrected."
    : !canCorrect(e)
      ? "You can correct evidence you submitted. Ask a compliance manager to correct this one."
      : null;
  const button = (
    <Button variant="default" leftSection={<IconVersions size={16} />} onClick={onClick} disabled={!!why}>
      Upload a new version
    </Button>
  );
  return why ? (
    <Tooltip label={why} multiline maw={260}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

/** /evidence/:id — one piece of evidence: what it is, its preview, its versions and the controls it supports. */
export function EvidenceDetailPage() {
  const { evidenceId = "" } = useParams();
  const evidence = useEvidence(evidenceId);
  const [correcting, correct] = useDisclosure(false);
  const e = evidence.data;

  if (evidence.isPending)
    return (
      <Stack>
        <Skeleton h={60} />
        <Skeleton h={360} />
      </Stack>
    );
  if (!e) {
    const missing = evidence.error instanceof ApiError && [400, 404].includes(evidence.error.status);
    return (
      <>
        <BackLink />
        {missing ? (
          <Empty
            icon={<IconLock size={26} />}
            title="This evidence does not exist"
            description="It may belong to another organization, or the address is mistyped."
          />
        ) : (
          <ErrorAlert error={evidence.error} />
        )}
      </>
    );
  }
  const fresh = pieceFreshness(e);
  const latest = e.versions.find((v) => v.current);

  return (
    <>
      <BackLink />
      <PageHeader
        title={e.title}
        description={
          <Group gap="xs" component="span">
            <KindLabel kind={e.kind} />
            <Badge variant="outline" color="gray" size="sm">
              Version {e.version}
            </Badge>
            <FreshnessBadge state={fresh.state} staleAt={fresh.staleAt} />
          </Group>
        }
        actions={
          <>
            {e.file && (
              <Button component="a" href={contentUrl(e.id)} download leftSection={<IconDownload size={16} />}>
                Download
              </Button>
            )}
            <CorrectButton e={e} onClick={correct.open} />
          </>
        }
      />
      {!e.current && latest && (
        <Alert color="yellow" variant="light" mb="md" title={`Version ${e.version} was corrected`}>
          This is an earlier version, kept for the record.{" "}
          <Anchor component={Link} to={`/evidence/${latest.id}`}>
            Go to the current version ({latest.version})
          </Anchor>
          .
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <EvidencePreview e={e} />
            <VersionsCard e={e} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <EvidenceMeta e={e} />
            <LinkedControlsCard e={e} />
            <Alert
              variant="light"
              color="gray"
              icon={<IconLock size={18} />}
              title="Submitted evidence cannot be edited"
            >
              <Text size="sm">
                What an auditor sees is exactly what was submitted
                {e.file ? ": the file's SHA-256 was recorded at upload" : ""}. To fix a mistake, upload a correction as
                a new version — the previous one stays in the history.
              </Text>
            </Alert>
          </Stack>
        </Grid.Col>
      </Grid>
      <NewVersionModal e={e} opened={correcting} onClose={correct.close} />
    </>
  );
}
