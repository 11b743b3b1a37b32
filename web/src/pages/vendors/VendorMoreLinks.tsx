import { Button } from "@mantine/core";
import { IconListCheck, IconUsersGroup } from "@tabler/icons-react";
import { Link } from "react-router";

/** From the vendor list to the pages about vendors as a whole: the subprocessor list and questionnaire templates. */
export function VendorMoreLinks() {
  return (
    <>
      <Button component={Link} to="/vendors/subprocessors" variant="default" leftSection={<IconUsersGroup size={16} />}>
        Subprocessors
      </Button>
      <Button
        component={Link}
        to="/vendors/questionnaire-templates"
        variant="default"
        leftSection={<IconListCheck size={16} />}
      >
        Questionnaires
      </Button>
    </>
  );
}
