import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readHolidayFile } from "../../../src/config/holidays.js";
import { HOLIDAYS_FROM_CONFIG, type HolidaySeed } from "../../../src/core/time/holiday-book.js";
import { PrismaHolidayStore } from "../../../src/infra/db/holiday-store.js";
import { createTestDatabase, type TestDatabase } from "../../support/services.js";

let db: TestDatabase;
let store: PrismaHolidayStore;

beforeEach(async () => {
  db = await createTestDatabase();
  store = new PrismaHolidayStore(db.database.prisma);
});

afterEach(async () => {
  await db.drop();
});

const shipped: HolidaySeed = readHolidayFile("config/holidays.yaml");
const datesOf = async (year: number) =>
  (await store.list()).holidays
    .map((holiday) => holiday.date)
    .filter((date) => date.startsWith(`${year}-`));

describe("seeding the holiday list from the shipped file", () => {
  it("stores a complete year as complete, and a year known in part without completing it", async () => {
    expect(await store.seed(shipped)).toEqual([2026, 2027]);
    const list = await store.list();
    expect(list.completeYears).toEqual([2026]);
    expect(await datesOf(2026)).toHaveLength(25);
    expect(await datesOf(2027)).toEqual([
      "2027-01-01",
      "2027-03-26",
      "2027-03-28",
      "2027-05-01",
      "2027-05-06",
      "2027-06-01",
      "2027-08-17",
      "2027-12-25",
    ]);
  });

  it("does not bring back a day admins removed from a year known in part (the next start)", async () => {
    await store.seed(shipped);
    await store.remove("2027-03-28");
    expect(await store.seed(shipped)).toEqual([]);
    expect(await datesOf(2027)).not.toContain("2027-03-28");
  });

  it("does not bring back a year known in part whose every day admins removed", async () => {
    await store.seed(shipped);
    for (const date of await datesOf(2027)) await store.remove(date);
    expect(await store.seed(shipped)).toEqual([]);
    expect(await datesOf(2027)).toEqual([]);
  });

  it("keeps a shipped day renamed by an admin as the file's", async () => {
    await store.seed(shipped);
    await store.put({ date: "2027-01-01", name: "Tahun Baru", leave: false }, "admin");
    const renamed = (await store.list()).holidays.find((day) => day.date === "2027-01-01");
    expect(renamed).toMatchObject({ name: "Tahun Baru", addedBy: HOLIDAYS_FROM_CONFIG });
  });

  it("leaves a year known in part to the admins who began its list before the upgrade", async () => {
    await store.put({ date: "2027-02-08", name: "Cuti bersama Imlek", leave: true }, "admin");
    expect(await store.seed(shipped)).toEqual([2026]);
    expect(await datesOf(2027)).toEqual(["2027-02-08"]);
    // The list says who entered each day: /libur lengkap tells the file's days from the SKB's.
    const { holidays } = await store.list();
    expect(holidays.find((day) => day.date === "2027-02-08")?.addedBy).toBe("admin");
    expect(holidays.find((day) => day.date === "2026-01-01")?.addedBy).toBe(HOLIDAYS_FROM_CONFIG);
  });

  it("leaves a year admins declared complete alone", async () => {
    await store.put({ date: "2027-01-01", name: "Tahun Baru", leave: false }, "admin");
    await store.complete(2027, "admin");
    await store.remove("2027-01-01");
    expect(await store.seed(shipped)).toEqual([2026]);
    expect(await datesOf(2027)).toEqual([]);
  });
});
