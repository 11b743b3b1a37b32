CREATE TABLE "incident_assets" (
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"incident_id" uuid NOT NULL REFERENCES "incidents"("id") ON DELETE cascade,
	"asset_id" uuid NOT NULL REFERENCES "assets"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_assets_incident_id_asset_id_pk" PRIMARY KEY("incident_id","asset_id")
);
--> statement-breakpoint
CREATE INDEX "incident_assets_org_asset" ON "incident_assets" USING btree ("organization_id","asset_id");
--> statement-breakpoint
-- Free text that names exactly one asset of the incident's organization (case and spaces aside) becomes a link;
-- names that match no asset, or several (the same name under two kinds), stay as free text.
INSERT INTO "incident_assets" ("organization_id", "incident_id", "asset_id")
SELECT DISTINCT i."organization_id", i."id", a."id"
FROM "incidents" i
CROSS JOIN LATERAL jsonb_array_elements_text(i."affected_systems") AS s(name)
JOIN "assets" a ON a."organization_id" = i."organization_id" AND lower(a."name") = lower(btrim(s.name))
WHERE (
	SELECT count(*) FROM "assets" a2
	WHERE a2."organization_id" = i."organization_id" AND lower(a2."name") = lower(btrim(s.name))
) = 1
ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE "incidents" i SET "affected_systems" = coalesce((
	SELECT jsonb_agg(s.name ORDER BY s.ord)
	FROM jsonb_array_elements_text(i."affected_systems") WITH ORDINALITY AS s(name, ord)
	WHERE (
		SELECT count(*) FROM "assets" a
		WHERE a."organization_id" = i."organization_id" AND lower(a."name") = lower(btrim(s.name))
	) <> 1
), '[]'::jsonb)
WHERE jsonb_array_length(i."affected_systems") > 0;
