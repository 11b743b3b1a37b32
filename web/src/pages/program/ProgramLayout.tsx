import { Button } from "@mantine/core";
import { IconSearchOff } from "@tabler/icons-react";
import { useEffect } from "react";
import { Link, Outlet, useParams } from "react-router";
import { ApiError } from "../../api/errors.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { SectionLoader } from "../../components/Loading.tsx";
import { ReadinessExplainer } from "../../components/program/ReadinessExplainer.tsx";
import { ReadOnlyNotice } from "../../components/ReadOnlyNotice.tsx";
import { ProgramProvider, rememberProgram } from "../../program/context.tsx";
import { useProgramQuery } from "../../program/queries.ts";
import { useCan, useSession } from "../../session.tsx";

/** /programs/:programId/*: loads the program once for every page below it and remembers it as the current one. */
export function ProgramLayout() {
  const { programId = "" } = useParams();
  const { organization } = useSession();
  const can = useCan();
  const program = useProgramQuery(programId);
  useEffect(() => {
    if (organization && program.data) rememberProgram(organization.id, program.data.id);
  }, [organization, program.data]);

  if (!can("programs.read"))
    return (
      <ReadOnlyNotice>Your role does not include the compliance program. Your tasks appear on Home.</ReadOnlyNotice>
    );
  if (program.isPending) return <SectionLoader label="Loading the program…" />;
  if (program.isError) {
    const missing = program.error instanceof ApiError && (program.error.status === 404 || program.error.status === 400);
    return missing ? (
      <Empty
        icon={<IconSearchOff size={26} />}
        title="This program does not exist"
        description="It may belong to another organization, or the link is wrong."
        action={
          <Button component={Link} to="/programs">
            See all programs
          </Button>
        }
      />
    ) : (
      <ErrorAlert error={program.error} />
    );
  }
  return (
    <ProgramProvider program={program.data}>
      <ReadinessExplainer programId={program.data.id}>
        <Outlet />
      </ReadinessExplainer>
    </ProgramProvider>
  );
}
