import { Anchor, Button, Group } from "@mantine/core";
import { IconArrowLeft, IconListCheck, IconUsersGroup } from "@tabler/icons-react";
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

/** Back to the vendor list, above the title of a page about vendors as a whole. */
export function BackToVendors() {
  return (
    <Anchor component={Link} to="/vendors" size="sm" mb="sm" display="inline-block">
      <Group gap={4}>
        <IconArrowLeft size={14} /> Vendors
      </Group>
    </Anchor>
  );
}
