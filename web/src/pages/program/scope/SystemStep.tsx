import { Divider, SimpleGrid, Stack, Text } from "@mantine/core";
import { LimitedTextarea } from "../../../components/LimitedTextarea.tsx";
import { ListEditor } from "../../../components/ListEditor.tsx";
import { COMPONENT_KINDS, COMPONENT_LABELS } from "../../../program/labels.ts";
import { InScopeAssets } from "../../assets/InScopeAssets.tsx";
import type { Draft, SetScope } from "./draft.ts";

/** The system description: what the auditor will look at, in your words. */
export function SystemStep({ draft, setScope }: { draft: Draft; setScope: SetScope }) {
  const s = draft.scope;
  return (
    <Stack gap="lg">
      <LimitedTextarea
        label="Services the system provides"
        description="One or two sentences a customer would recognise."
        placeholder="e.g. Acme Cloud is a hosted invoicing platform for small businesses, used through a web app and a public API."
        autosize
        minRows={3}
        value={s.services}
        onChange={(e) => setScope({ services: e.currentTarget.value })}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <ListEditor
          label="Service commitments"
          description="What you promise customers in contracts and on your website."
          placeholder="e.g. 99.9% monthly uptime"
          value={s.commitments}
          onChange={(commitments) => setScope({ commitments })}
        />
        <ListEditor
          label="System requirements"
          description="What the system must do to keep those promises."
          placeholder="e.g. Customer data is encrypted at rest and in transit"
          value={s.systemRequirements}
          onChange={(systemRequirements) => setScope({ systemRequirements })}
        />
      </SimpleGrid>
      <Divider label="Components of the system" labelPosition="left" />
      <Text size="sm" c="dimmed" mt={-12}>
        The five kinds of component a SOC 2 system description covers. Short entries are enough.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {COMPONENT_KINDS.map((k) => (
          <ListEditor
            key={k}
            label={COMPONENT_LABELS[k].label}
            description={COMPONENT_LABELS[k].hint}
            placeholder={COMPONENT_LABELS[k].placeholder}
            value={s.components[k]}
            onChange={(v) => setScope({ components: { ...s.components, [k]: v } })}
          />
        ))}
      </SimpleGrid>
      <InScopeAssets note="The in-scope systems, data stores, endpoints and SaaS applications of the asset inventory, with their owners and classifications: the inventory side of these components. Change them in the inventory." />
      <LimitedTextarea
        label="Boundaries"
        description="What is in the system and what is deliberately left out (other products, internal tools…)."
        placeholder="e.g. In scope: the production environment and the teams that run it. Out of scope: the marketing website."
        autosize
        minRows={3}
        value={s.boundaries}
        onChange={(e) => setScope({ boundaries: e.currentTarget.value })}
      />
    </Stack>
  );
}
