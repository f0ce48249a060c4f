/**
 * Texts of the desk on a channel without buttons (WhatsApp), where a card's actions are
 * numbered and answered by typing the number; merged into id.ts and en.ts.
 */
export const whatsappDeskId = {
  deskNoSuchAction:
    "Kartu {code} tidak punya tindakan nomor {number}. Balas kartunya dengan nomor 1 sampai " +
    "{max}, atau dengan teks untuk menjawab pelapor.",
  deskNoActions:
    "Kartu {code} tidak punya tindakan bernomor lagi. Balas kartunya dengan teks untuk menjawab " +
    "pelapor, atau lihat /lihat {code}.",
  deskBatchReply:
    "Pesan ini mendaftar beberapa laporan baru. Buka salah satunya (balas pesan ini dengan " +
    "nomor 1 sampai {max}, atau tekan tombolnya bila ada), lalu balas kartu laporan itu.",
};

export const whatsappDeskEn: Record<keyof typeof whatsappDeskId, string> = {
  deskNoSuchAction:
    "Card {code} has no action number {number}. Reply to the card with a number from 1 to " +
    "{max}, or with text to answer the reporter.",
  deskNoActions:
    "Card {code} has no numbered actions any more. Reply to the card with text to answer the " +
    "reporter, or see /lihat {code}.",
  deskBatchReply:
    "This message lists several new reports. Open one (reply to this message with a number " +
    "from 1 to {max}, or press its button where there is one), then reply to that report's card.",
};
