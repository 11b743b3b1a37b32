import { Anchor, Card, Stack } from "@mantine/core";
import { Link, useNavigate } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { ExternalTrainingForm } from "./ExternalTrainingForm.tsx";

/** The employee records security training they took elsewhere, with its certificate. */
export function PortalExternalPage() {
  const navigate = useNavigate();
  return (
    <Stack maw={640}>
      <PageHeader
        title="Record external training"
        description="Security training you took with another provider counts once a compliance manager accepts its certificate."
      />
      <Card withBorder padding="lg">
        <ExternalTrainingForm
          onCancel={() => navigate("/portal/training")}
          onDone={() => {
            notifySuccess("Recorded. A compliance manager will review your certificate.");
            navigate("/portal/training");
          }}
        />
      </Card>
      <Anchor component={Link} to="/portal/training" size="sm">
        Back to your training
      </Anchor>
    </Stack>
  );
}
