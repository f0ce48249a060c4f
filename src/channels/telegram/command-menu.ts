import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { FlowSet } from "../../core/flows/loader.js";
import type { Language } from "../../core/messages.js";

const BUILT_IN: Record<Language, BotCommand[]> = {
  id: [
    { command: "status", description: "Perkembangan laporan, contoh: /status ADU-7K3F9Q" },
    { command: "laporan", description: "Daftar laporan Anda" },
    { command: "bahasa", description: "Ganti bahasa / change language" },
    { command: "batal", description: "Batalkan laporan yang sedang diisi" },
    { command: "bantuan", description: "Bantuan" },
  ],
  en: [
    { command: "status", description: "Progress of a report, e.g. /status ADU-7K3F9Q" },
    { command: "laporan", description: "Your reports" },
    { command: "bahasa", description: "Change language / ganti bahasa" },
    { command: "batal", description: "Cancel the report you are writing" },
    { command: "bantuan", description: "Help" },
  ],
};

/** The commands users see in Telegram's menu, in Indonesian (default) and English. */
export function commandMenu(flows: FlowSet, language: Language): BotCommand[] {
  const flowCommands = flows.flows.flatMap((flow) => {
    const command = flow.commands[0];
    return command ? [{ command, description: flow.title[language] }] : [];
  });
  return [...flowCommands, ...BUILT_IN[language]];
}

export async function publishCommandMenu(api: Api, flows: FlowSet): Promise<void> {
  await api.setMyCommands(commandMenu(flows, "id"));
  await api.setMyCommands(commandMenu(flows, "en"), { language_code: "en" });
}
