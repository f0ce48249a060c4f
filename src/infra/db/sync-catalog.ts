import type { Catalog } from "../../config/catalog.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

/**
 * Mirrors the catalog file into the agencies and categories tables. Entries removed from the
 * file are deactivated, not deleted, so reports that point at them stay intact.
 */
export async function syncCatalog(prisma: PrismaClient, catalog: Catalog): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const agency of catalog.agencies) {
      const fields = { name: agency.name.id, nameEn: agency.name.en, active: true };
      await tx.agency.upsert({
        where: { id: agency.id },
        create: { id: agency.id, ...fields },
        update: fields,
      });
    }
    for (const category of catalog.categories) {
      const fields = {
        name: category.name.id,
        nameEn: category.name.en,
        agencyId: category.agency,
        active: true,
      };
      await tx.category.upsert({
        where: { id: category.id },
        create: { id: category.id, ...fields },
        update: fields,
      });
    }
    await tx.category.updateMany({
      where: { id: { notIn: catalog.categories.map((category) => category.id) } },
      data: { active: false },
    });
    await tx.agency.updateMany({
      where: { id: { notIn: catalog.agencies.map((agency) => agency.id) } },
      data: { active: false },
    });
  });
}
