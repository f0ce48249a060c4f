/**
 * Messages of the staff desk and of the reporter's side of a report's thread, merged into
 * id.ts and en.ts. Same rules: `*bold*`, `` `code` ``, `{param}` (inserted literally).
 */
export const deskId = {
  // Reporter side
  reporterVerified:
    "Laporan *{code}* sudah diverifikasi dan akan diteruskan ke instansi yang berwenang.",
  reporterRouted: "Laporan *{code}* diteruskan ke *{agency}* untuk ditindaklanjuti.",
  reporterReplied: "Tanggapan untuk laporan *{code}* dari {agency}:\n{text}",
  reporterHeld: "Laporan *{code}* ditunda: {text}",
  reporterRejected: "Laporan *{code}* tidak dapat diproses: {text}",
  reporterDone: "Laporan *{code}* dinyatakan selesai: {text}",
  reporterReopened: "Laporan *{code}* dibuka kembali dan akan ditindaklanjuti lagi.",
  reporterUpdateFooter:
    "Balas pesan ini untuk menambahkan informasi, atau ketik /tambah {code} <teks>. Riwayat: /status {code}",
  reporterRejectedFooter: "Anda dapat membuat laporan baru dengan /lapor. Riwayat: /status {code}",
  infoAdded:
    "Terima kasih, informasi Anda ditambahkan ke laporan *{code}* dan diteruskan ke petugas.",
  infoAddedKept:
    "Terima kasih, informasi Anda ditambahkan ke laporan *{code}*. Petugas akan membacanya saat menangani laporan ini.",
  addInfoUsage:
    "Tulis nomor laporan dan informasinya, contoh: /tambah ADU-7K3F9Q Lubangnya makin besar.",
  reopenUsage: "Tulis nomor laporan yang ingin dibuka kembali, contoh: /buka ADU-7K3F9Q",
  reopened: "Laporan *{code}* dibuka kembali; petugas akan menindaklanjutinya.",
  reopenStillOpen:
    "Laporan {code} masih ditangani (status: {status}), jadi tidak perlu dibuka kembali. Tambahkan informasi dengan /tambah {code} <teks>.",
  reopenNever:
    "Laporan {code} berstatus {status}, jadi tidak bisa dibuka kembali: hanya laporan yang selesai yang bisa. Jika masalahnya masih ada, buat laporan baru dengan /lapor.",
  supporterNotOwner:
    "Anda mendukung laporan {code}, tetapi hanya pelapornya yang bisa menambah informasi atau membukanya kembali. Punya informasi atau masalah baru? Buat laporan Anda sendiri dengan /lapor.",
  infoClosedDone:
    "Laporan {code} sudah selesai, jadi informasi tambahan tidak lagi dibaca petugas. Jika masalahnya belum selesai, ketik /buka {code} untuk membukanya kembali, lalu kirim informasinya lagi.",
  infoClosed:
    "Laporan {code} sudah ditutup ({status}), jadi informasi tambahan tidak lagi ditangani. Jika masalahnya masih ada, buat laporan baru dengan /lapor.",
  // Staff side: cards
  deskCardHeader: "{mark} *{code}* · {kind}",
  deskCardStatus: "Status: *{status}*",
  deskCardTitle: "*{title}*",
  deskCardCategory: "Kategori: {category}",
  deskCardAgency: "Instansi: {agency}",
  deskCardSuggested: "Instansi: belum ditentukan (usulan: {agency})",
  deskLocation: "Lokasi: {where}",
  deskCardEventDate: "Tanggal kejadian: {date}",
  deskCardSubmitted: "Dikirim: {date}",
  deskCardAttachments: "Lampiran: {count} file",
  deskCardPrivacy: "Privasi: {flags}",
  deskFlagAnonymous: "🕶 Anonim",
  deskFlagConfidential: "🔒 Rahasia (jangan dipublikasikan)",
  deskFlagPhotosPublic: "📷 Foto boleh tampil di halaman publik",
  deskFlagNone: "terbuka",
  deskReporter: "Pelapor: {who}",
  deskReporterAnonymous: "Pelapor: anonim (identitas disembunyikan)",
  deskCardDue: "Tenggat: {date}",
  deskCardAssignee: "Petugas: {who}",
  deskCardFooter: "Rincian: /lihat {code}",
  deskBatchHeader: "🆕 *{count} laporan baru* masuk saat meja sedang ramai:",
  deskBatchLine: "• {code} · {category} · {title}",
  deskBatchMore: "… dan {more} lainnya.",
  deskBatchFooter: "Tekan nomornya untuk membuka kartunya, atau lihat semua dengan /masuk.",
  deskButtonOpen: "📄 {code}",
  agencyCardFooter:
    "Balas pesan ini untuk menjawab pelapor, atau /balas {code} <pesan>. Rincian: /lihat {code}",
  agencyCardMovedHeader: "📤 *{code}* · {title}",
  agencyCardMoved:
    "Dialihkan ke {agency}: laporan ini tidak lagi ditangani instansi Anda, dan kartu ini tidak diperbarui lagi.",
  deskButtonVerifyRoute: "✅ Verifikasi → {agency}",
  deskButtonVerify: "✅ Verifikasi",
  deskButtonRoute: "➡️ Teruskan → {agency}",
  deskButtonOther: "↪️ Instansi lain",
  deskButtonHold: "⏸️ Tunda",
  deskButtonReject: "❌ Tolak",
  deskChooseAgency: "Teruskan *{code}* ke instansi:",
  deskAskRejectReason:
    "Balas (reply) pesan ini dengan alasan penolakan *{code}* dalam {minutes} menit; alasannya " +
    "dikirim ke pelapor.",
  deskAskHoldReason:
    "Balas (reply) pesan ini dengan alasan penundaan *{code}* dalam {minutes} menit; alasannya " +
    "dikirim ke pelapor.",
  deskAskReasonRepliesOnly:
    "Perintah apa pun, atau pesan di grup ini yang tidak membalas pesan ini, membatalkan permintaan ini.",
  deskAskReasonTyped:
    "Pesan Anda berikutnya di sini juga dipakai sebagai alasannya; perintah apa pun membatalkan permintaan ini.",
  deskPromptCancelled:
    "Permintaan alasan untuk *{code}* ({action}) dibatalkan; laporan itu tidak diubah. Tekan tombolnya lagi bila perlu.",
  deskPromptNotYours:
    "Pertanyaan ini untuk staf yang menekan tombolnya; balasan Anda tidak dipakai dan laporan *{code}* tidak diubah. Untuk {action} sendiri, tekan tombolnya di kartu laporan.",
  deskPromptExpired:
    "Permintaan alasan untuk *{code}* ({action}) sudah kedaluwarsa ({minutes} menit); pesan Anda tidak dipakai dan laporan itu tidak diubah. Tekan tombolnya lagi.",
  deskNoticeNotAuthority:
    "⚠️ *{code}*: {agency} menyatakan bukan kewenangannya: {text}\nTeruskan ke instansi lain dengan /disposisi {code} <instansi>.",
  deskNoticeReopened: "🔁 *{code}* dibuka kembali. Instansi: {agency}.",
  deskNoticeDeliveryWaiting:
    "⏳ *{code}* ({title}): pemberitahuan untuk pelapor belum bisa dikirim lewat WhatsApp, karena sudah lebih dari 24 jam sejak pelapor terakhir menulis dan tidak ada templat yang disetujui untuknya. Pesan itu disimpan dan terkirim begitu pelapor menulis lagi; hubungi pelapor lewat jalur lain bila mendesak.",
  staffInfoAdded: "📝 Informasi tambahan dari pelapor untuk *{code}* ({title}):",
  staffInfoAddedFooter: "Jawab dengan /balas {code} <pesan>.",
  staffInfoAttachments: "📎 {count} lampiran baru (lihat /lihat {code}).",
  // Staff side: commands
  deskRefused: "Perintah ini khusus staf meja pengaduan dan instansi.",
  deskCardRefused:
    "Kartu laporan dan tombolnya hanya untuk staf meja pengaduan dan instansi, dan akun Anda tidak terdaftar sebagai staf: tidak ada yang diubah atau diteruskan. Laporannya tetap ditangani oleh meja pengaduan.",
  deskNotAStaffCommand: "/{command} bukan perintah staf. Daftar perintah staf: /bantuan",
  deskStartStaff: "👤 Anda terdaftar sebagai staf: {role}. Perintah staf Anda: /bantuan",
  deskAdminOnly:
    "/{command} khusus admin (verifikator) meja pengaduan. Perintah yang dapat Anda pakai: /bantuan",
  deskRoleAdmin: "admin (verifikator)",
  deskRoleOfficer: "petugas {agency}",
  deskHelpHeader: "*Perintah petugas* — Anda: {role}",
  deskHelpFooter: "Perintah warga (/lapor, /status, /bahasa …) tetap bisa dipakai di chat pribadi.",
  deskMenuHelp: "Perintah petugas yang bisa Anda pakai",
  deskHelpInbox: "/masuk [halaman] — laporan yang menunggu Anda, tenggat terdekat dulu",
  deskHelpView: "/lihat <nomor> — rincian, riwayat dan catatan internal",
  deskHelpVerify: "/verifikasi <nomor> [instansi] — verifikasi (dan teruskan)",
  deskHelpReject: "/tolak <nomor> <alasan> — tolak / arsipkan",
  deskHelpHold: "/tunda <nomor> <alasan> — tunda",
  deskHelpNotAuthority: "/bukanwewenang <nomor> <alasan> — bukan kewenangan instansi",
  deskHelpRoute: "/disposisi <nomor> <instansi> — teruskan ke instansi",
  deskHelpReply: "/balas <nomor> <pesan|#templat> — jawaban untuk pelapor",
  deskHelpNote: "/catatan <nomor> <teks> — catatan internal (tidak dilihat pelapor)",
  deskHelpDone: "/selesai <nomor> <ringkasan> — tandai selesai",
  deskHelpReopen: "/buka <nomor> — buka kembali",
  deskHelpTemplates: "/templat [tambah <nama> <teks> | hapus <nama>] — templat jawaban",
  deskHelpStaff: "/staf daftar | tambah <id|@username> <admin|petugas> [instansi] | hapus <id>",
  deskUsageInbox: "Cara pakai: /masuk [halaman], contoh: /masuk 2",
  deskUsageView: "Cara pakai: /lihat <nomor>, contoh: /lihat ADU-7K3F9Q",
  deskUsageVerify:
    "Cara pakai: /verifikasi <nomor> [instansi], contoh: /verifikasi ADU-7K3F9Q dinas-pupr",
  deskUsageReject: "Cara pakai: /tolak <nomor> <alasan>",
  deskUsageHold: "Cara pakai: /tunda <nomor> <alasan>",
  deskUsageNotAuthority: "Cara pakai: /bukanwewenang <nomor> <alasan>",
  deskUsageRoute:
    "Cara pakai: /disposisi <nomor> <instansi>, contoh: /disposisi ADU-7K3F9Q dinas-pupr",
  deskUsageReply: "Cara pakai: /balas <nomor> <pesan>, atau /balas <nomor> #<templat>",
  deskUsageNote: "Cara pakai: /catatan <nomor> <teks>",
  deskUsageDone: "Cara pakai: /selesai <nomor> <ringkasan>",
  deskUsageReopen: "Cara pakai: /buka <nomor>",
  deskUsageTemplates: "Cara pakai: /templat, /templat tambah <nama> <teks>, /templat hapus <nama>",
  deskUsageStaff:
    "Cara pakai: /staf daftar, /staf tambah <id|@username> <admin|petugas> [instansi] (atau balas pesan orangnya), /staf hapus <id|@username>",
  deskChanged: "✅ *{code}*: {status}",
  deskNoted: "📝 Catatan internal ditambahkan ke *{code}*.",
  deskNotFound: "Laporan {code} tidak ditemukan.",
  deskNotYourAgency: "Laporan {code} tidak diteruskan ke instansi Anda.",
  deskAgencyUnreached:
    "⚠️ Belum ada yang menerima laporan ini di {agency}: tidak ada grup instansi di katalog dan tidak ada petugas yang bisa dihubungi bot. Tambahkan petugasnya (/staf tambah <id> petugas {id}, lalu minta dia mengirim /start ke bot): laporan ini lalu ada di /masuk miliknya. Atau teruskan ke instansi lain.",
  deskNotThisGroup:
    "Laporan {code} tidak diteruskan ke instansi grup ini, jadi tidak ditampilkan di sini. Buka di grup meja pengaduan atau di chat pribadi dengan bot.",
  deskNotAllowed: "Anda tidak berwenang melakukan ini pada laporan {code}.",
  deskIllegal: "Tidak bisa: laporan {code} berstatus *{status}*.",
  deskAlreadyVerified:
    "Laporan {code} sudah diverifikasi sebelumnya; teruskan ke instansi dengan /disposisi {code} <instansi>.",
  deskAlreadyRouted:
    "Laporan {code} sudah diteruskan ke instansi itu; tidak ada yang diubah. Untuk instansi lain: /disposisi {code} <instansi>.",
  deskTextRequired: "Tulis alasan atau pesannya setelah nomor laporan {code}.",
  deskUnknownAgency: "Instansi tidak dikenal. Pilihan: {agencies}",
  deskInboxEmpty: "Tidak ada laporan yang menunggu. 🎉",
  deskInboxNoPage: "Halaman {page} kosong; ada {pages} halaman.",
  deskInboxHeader: "*Laporan menunggu* ({total}) — halaman {page}/{pages}",
  deskInboxLine: "{code} · {status} · tenggat {due} · {title}",
  deskInboxMore: "Halaman berikutnya: /masuk {next}",
  deskInboxFooter: "Rincian: /lihat <nomor>",
  deskActorReporter: "pelapor",
  deskDeliveryHeader: "*Pemberitahuan ke pelapor*",
  deskDeliveryLine: "• {what} ({written}): {state}",
  deskDeliveryConfirmation: "Nomor laporan",
  deskDeliveryPending: "⌛ belum terkirim",
  deskDeliverySent: "✓ terkirim {at}",
  deskDeliveryDelivered: "✓✓ diterima {at}",
  deskDeliveryRead: "👁 dibaca {at}",
  deskDeliveryWaiting: "⏳ menunggu pelapor menulis lagi (jendela 24 jam WhatsApp tertutup)",
  deskDeliveryFailed: "✗ gagal: {reason}",
  deskReasonNotRecorded: "alasan tidak tercatat / reason not recorded",
  deskTimelineHeld:
    "sudah lebih dari 24 jam sejak penerima terakhir menulis dan tidak ada templat yang disetujui; terkirim begitu ia menulis lagi / {said}",
  deskReasonUndeliverable: "nomor tidak dapat menerima pesan WhatsApp / message undeliverable",
  deskReasonReengagement:
    "lebih dari 24 jam sejak penerima terakhir menulis / re-engagement message",
  deskReasonEcosystem:
    "ditahan WhatsApp untuk membatasi pesan ke penerima ini / not delivered to maintain healthy ecosystem engagement",
  deskReasonUnsupported: "jenis pesan tidak didukung aplikasi penerima / unsupported message type",
  deskReasonMedia: "lampiran gagal diunggah ke WhatsApp / media upload error",
  deskReasonThroughput: "batas kecepatan kirim nomor bot terlampaui / rate limit hit",
  deskReasonPairRate:
    "terlalu banyak pesan ke penerima ini dalam waktu singkat / pair rate limit hit",
  deskReasonOwnNumber: "penerima adalah nomor bot sendiri / recipient cannot be sender",
  deskReasonNotAllowed:
    "nomor belum terdaftar sebagai nomor uji / recipient phone number not in allowed list",
  deskReasonTemplate: "templat WhatsApp bermasalah (hubungi operator server) / template error",
  deskReasonAccess:
    "token akses WhatsApp kedaluwarsa atau dicabut (hubungi operator server) / access token expired",
  deskReasonBlocked: "penerima memblokir bot / bot was blocked by the user",
  deskReasonChatNotFound: "percakapan dengan penerima tidak ditemukan / chat not found",
  deskReasonDeactivated: "akun Telegram penerima sudah dihapus / user is deactivated",
  deskReasonErased:
    "identitas penerima sudah dihapus atas permintaannya / the recipient's identity was erased",
  deskActorSystem: "sistem",
  deskInternal: "internal",
  deskTemplatesNone: "Belum ada templat. Admin menambah dengan /templat tambah <nama> <teks>.",
  deskTemplatesHeader: "*Templat jawaban* (pakai: /balas <nomor> #<nama>)",
  deskTemplateLine: "#{name} — {text}",
  deskTemplateSaved: "Templat #{name} disimpan.",
  deskTemplateRemoved: "Templat #{name} dihapus.",
  deskTemplateMissing: "Templat #{name} tidak ada. Lihat daftar dengan /templat.",
  deskStaffHeader: "*Staf aktif* ({count}):",
  deskStaffLine: "{id} ({channel}) · {name} · {role}",
  deskStaffAdded:
    "{id} sekarang {role}. Minta dia mengirim /start ke bot secara pribadi agar bisa menerima laporan.",
  deskStaffRemoved: "{id} tidak lagi menjadi staf.",
  deskStaffRemovedConfigured:
    "{id} tidak lagi menjadi staf, sampai layanan dimulai ulang: akun ini tercantum di {variable}. Hapus juga dari sana agar tetap bukan admin.",
  deskStaffRemovedNotice:
    "👤 Anda tidak lagi terdaftar sebagai staf meja pengaduan. Kartu laporan di obrolan ini tidak diperbarui lagi, dan tombol atau nomor tindakannya tidak berfungsi lagi. Laporan-laporan itu tetap ditangani oleh meja pengaduan; tidak ada yang hilang.",
  deskStaffNotFound: "{id} bukan staf aktif.",
  deskStaffNotSelf: "Anda tidak bisa menghapus akun Anda sendiri.",
  deskStaffNoTarget:
    "Siapa yang ditambahkan? Tulis id akunnya atau @username-nya, atau balas (reply) pesan orang itu sendiri, bukan pesan bot.",
  deskStaffUnknownTarget:
    "Akun {target} tidak dikenal. Pakai id akunnya, atau @username orang yang pernah mengirim pesan ke bot, atau balas pesannya.",
  deskStaffConfirmUsername:
    "@{username} terakhir dipakai akun *{name}* (id `{id}`), yang menulis ke bot pada {seen}. " +
    "Nama pengguna bisa berpindah tangan, jadi peran hanya diberikan lewat id. Bila benar orangnya, kirim:\n`{command}`",
} as const;

export const deskEn: Record<keyof typeof deskId, string> = {
  reporterVerified:
    "Report *{code}* has been verified and will be forwarded to the responsible agency.",
  reporterRouted: "Report *{code}* has been forwarded to *{agency}* for follow-up.",
  reporterReplied: "Answer to report *{code}* from {agency}:\n{text}",
  reporterHeld: "Report *{code}* is on hold: {text}",
  reporterRejected: "Report *{code}* cannot be processed: {text}",
  reporterDone: "Report *{code}* is done: {text}",
  reporterReopened: "Report *{code}* has been reopened and will be followed up again.",
  reporterUpdateFooter:
    "Reply to this message to add information, or type /tambah {code} <text>. History: /status {code}",
  reporterRejectedFooter: "You can file a new report with /lapor. History: /status {code}",
  infoAdded:
    "Thank you, your information was added to report *{code}* and passed on to the officer.",
  infoAddedKept:
    "Thank you, your information was added to report *{code}*. Staff will read it when they handle this report.",
  addInfoUsage:
    "Write the report number and the information, e.g. /tambah ADU-7K3F9Q The hole got bigger.",
  reopenUsage: "Write the number of the report to reopen, e.g. /buka ADU-7K3F9Q",
  reopened: "Report *{code}* has been reopened; an officer will follow it up.",
  reopenStillOpen:
    "Report {code} is still being handled (status: {status}), so there is nothing to reopen. Add information with /tambah {code} <text>.",
  reopenNever:
    "Report {code} is {status}, so it cannot be reopened: only done reports can. If the problem remains, file a new report with /lapor.",
  supporterNotOwner:
    "You support report {code}, but only its reporter can add information or reopen it. New information or another problem? File your own report with /lapor.",
  infoClosedDone:
    "Report {code} is done, so further information is no longer read by staff. If the problem is not solved, type /buka {code} to reopen it, then send the information again.",
  infoClosed:
    "Report {code} is closed ({status}), so further information is no longer handled. If the problem remains, file a new report with /lapor.",
  deskCardHeader: "{mark} *{code}* · {kind}",
  deskCardStatus: "Status: *{status}*",
  deskCardTitle: "*{title}*",
  deskCardCategory: "Category: {category}",
  deskCardAgency: "Agency: {agency}",
  deskCardSuggested: "Agency: not set yet (suggested: {agency})",
  deskLocation: "Location: {where}",
  deskCardEventDate: "Date of the event: {date}",
  deskCardSubmitted: "Submitted: {date}",
  deskCardAttachments: "Attachments: {count} {count|file|files}",
  deskCardPrivacy: "Privacy: {flags}",
  deskFlagAnonymous: "🕶 Anonymous",
  deskFlagConfidential: "🔒 Confidential (never publish)",
  deskFlagPhotosPublic: "📷 Photos may appear on the public page",
  deskFlagNone: "open",
  deskReporter: "Reporter: {who}",
  deskReporterAnonymous: "Reporter: anonymous (identity hidden)",
  deskCardDue: "Deadline: {date}",
  deskCardAssignee: "Officer: {who}",
  deskCardFooter: "Details: /lihat {code}",
  deskBatchHeader: "🆕 *{count} new reports* came in while the desk was busy:",
  deskBatchLine: "• {code} · {category} · {title}",
  deskBatchMore: "… and {more} more.",
  deskBatchFooter: "Press a code to open its card, or see them all with /masuk.",
  deskButtonOpen: "📄 {code}",
  agencyCardFooter:
    "Reply to this message to answer the reporter, or /balas {code} <message>. Details: /lihat {code}",
  agencyCardMovedHeader: "📤 *{code}* · {title}",
  agencyCardMoved:
    "Routed to {agency}: your agency no longer handles this report, and this card is no longer updated.",
  deskButtonVerifyRoute: "✅ Verify → {agency}",
  deskButtonVerify: "✅ Verify",
  deskButtonRoute: "➡️ Forward → {agency}",
  deskButtonOther: "↪️ Other agency",
  deskButtonHold: "⏸️ Hold",
  deskButtonReject: "❌ Reject",
  deskChooseAgency: "Forward *{code}* to the agency:",
  deskAskRejectReason:
    "Reply to this message within {minutes} minutes with the reason to reject *{code}*; the " +
    "reporter receives it.",
  deskAskHoldReason:
    "Reply to this message within {minutes} minutes with the reason to hold *{code}*; the " +
    "reporter receives it.",
  deskAskReasonRepliesOnly:
    "Any command, or a message in this group that does not reply to this one, cancels this request.",
  deskAskReasonTyped:
    "Your next message here counts as the reason too; any command cancels this request.",
  deskPromptCancelled:
    "The request for a reason for *{code}* ({action}) was cancelled; that report is unchanged. Press its button again if needed.",
  deskPromptNotYours:
    "This question is for the staff member who pressed the button; your reply was not used and report *{code}* is unchanged. To {action} it yourself, press the button on its card.",
  deskPromptExpired:
    "The request for a reason for *{code}* ({action}) expired ({minutes} minutes); your message was not used and that report is unchanged. Press its button again.",
  deskNoticeNotAuthority:
    "⚠️ *{code}*: {agency} says it is not their authority: {text}\nForward it with /disposisi {code} <agency>.",
  deskNoticeReopened: "🔁 *{code}* was reopened. Agency: {agency}.",
  deskNoticeDeliveryWaiting:
    "⏳ *{code}* ({title}): a notice to the reporter cannot go out on WhatsApp yet: more than 24 hours have passed since the reporter last wrote, and no approved template covers it. It is kept and goes out as soon as the reporter writes again; reach them another way if it is urgent.",
  staffInfoAdded: "📝 More information from the reporter of *{code}* ({title}):",
  staffInfoAddedFooter: "Answer with /balas {code} <message>.",
  staffInfoAttachments: "📎 {count} new {count|attachment|attachments} (see /lihat {code}).",
  deskRefused: "This command is for the complaint desk's and the agencies' staff only.",
  deskCardRefused:
    "Report cards and their buttons are for the complaint desk's and the agencies' staff only, and your account is not registered as staff: nothing was changed or passed on. The report is still handled by the desk.",
  deskNotAStaffCommand: "/{command} is not a staff command. The staff commands: /bantuan",
  deskStartStaff: "👤 You are registered as staff: {role}. Your staff commands: /bantuan",
  deskAdminOnly:
    "/{command} is for the desk's admins (verifiers) only. The commands you can use: /bantuan",
  deskRoleAdmin: "admin (desk)",
  deskRoleOfficer: "officer of {agency}",
  deskHelpHeader: "*Staff commands* — you are: {role}",
  deskHelpFooter: "Citizen commands (/lapor, /status, /bahasa …) still work in a private chat.",
  deskMenuHelp: "The staff commands you may use",
  deskHelpInbox: "/masuk [page] — reports waiting for you, nearest deadline first",
  deskHelpView: "/lihat <number> — details, history and internal notes",
  deskHelpVerify: "/verifikasi <number> [agency] — verify (and forward)",
  deskHelpReject: "/tolak <number> <reason> — reject / archive",
  deskHelpHold: "/tunda <number> <reason> — put on hold",
  deskHelpNotAuthority: "/bukanwewenang <number> <reason> — not the agency's authority",
  deskHelpRoute: "/disposisi <number> <agency> — forward to an agency",
  deskHelpReply: "/balas <number> <message|#template> — answer the reporter",
  deskHelpNote: "/catatan <number> <text> — internal note (the reporter never sees it)",
  deskHelpDone: "/selesai <number> <summary> — mark done",
  deskHelpReopen: "/buka <number> — reopen",
  deskHelpTemplates: "/templat [tambah <name> <text> | hapus <name>] — canned answers",
  deskHelpStaff: "/staf daftar | tambah <id|@username> <admin|petugas> [agency] | hapus <id>",
  deskUsageInbox: "Usage: /masuk [page], e.g. /masuk 2",
  deskUsageView: "Usage: /lihat <number>, e.g. /lihat ADU-7K3F9Q",
  deskUsageVerify: "Usage: /verifikasi <number> [agency], e.g. /verifikasi ADU-7K3F9Q dinas-pupr",
  deskUsageReject: "Usage: /tolak <number> <reason>",
  deskUsageHold: "Usage: /tunda <number> <reason>",
  deskUsageNotAuthority: "Usage: /bukanwewenang <number> <reason>",
  deskUsageRoute: "Usage: /disposisi <number> <agency>, e.g. /disposisi ADU-7K3F9Q dinas-pupr",
  deskUsageReply: "Usage: /balas <number> <message>, or /balas <number> #<template>",
  deskUsageNote: "Usage: /catatan <number> <text>",
  deskUsageDone: "Usage: /selesai <number> <summary>",
  deskUsageReopen: "Usage: /buka <number>",
  deskUsageTemplates: "Usage: /templat, /templat tambah <name> <text>, /templat hapus <name>",
  deskUsageStaff:
    "Usage: /staf daftar, /staf tambah <id|@username> <admin|petugas> [agency] (or reply to their message), /staf hapus <id|@username>",
  deskChanged: "✅ *{code}*: {status}",
  deskNoted: "📝 Internal note added to *{code}*.",
  deskNotFound: "Report {code} was not found.",
  deskNotYourAgency: "Report {code} is not routed to your agency.",
  deskAgencyUnreached:
    "⚠️ Nobody at {agency} receives this report yet: the catalog names no group for the agency and the bot can reach none of its officers. Add an officer (/staf tambah <id> petugas {id}, then ask them to send /start to the bot): the report is then in their /masuk. Or route it to another agency.",
  deskNotThisGroup:
    "Report {code} is not routed to this group's agency, so it is not shown here. Open it in the desk's group or in a private chat with the bot.",
  deskNotAllowed: "You are not allowed to do this to report {code}.",
  deskIllegal: "Not possible: report {code} is *{status}*.",
  deskAlreadyVerified:
    "Report {code} was verified before; route it to an agency with /disposisi {code} <agency>.",
  deskAlreadyRouted:
    "Report {code} is already with that agency; nothing was changed. For another agency: /disposisi {code} <agency>.",
  deskTextRequired: "Write the reason or message after the report number {code}.",
  deskUnknownAgency: "Unknown agency. Choose one of: {agencies}",
  deskInboxEmpty: "No reports are waiting. 🎉",
  deskInboxNoPage: "Page {page} is empty; there {pages|is|are} {pages} {pages|page|pages}.",
  deskInboxHeader: "*Reports waiting* ({total}) — page {page}/{pages}",
  deskInboxLine: "{code} · {status} · due {due} · {title}",
  deskInboxMore: "Next page: /masuk {next}",
  deskInboxFooter: "Details: /lihat <number>",
  deskActorReporter: "reporter",
  deskDeliveryHeader: "*Notices to the reporter*",
  deskDeliveryLine: "• {what} ({written}): {state}",
  deskDeliveryConfirmation: "Report number",
  deskDeliveryPending: "⌛ not sent yet",
  deskDeliverySent: "✓ sent {at}",
  deskDeliveryDelivered: "✓✓ delivered {at}",
  deskDeliveryRead: "👁 read {at}",
  deskDeliveryWaiting:
    "⏳ waiting for the reporter to write again (WhatsApp's 24-hour window is closed)",
  deskDeliveryFailed: "✗ failed: {reason}",
  deskReasonNotRecorded: "reason not recorded",
  deskTimelineHeld: "{said}",
  deskReasonUndeliverable: "message undeliverable: the number cannot receive WhatsApp messages",
  deskReasonReengagement:
    "re-engagement message: more than 24 hours since the recipient last wrote",
  deskReasonEcosystem: "not delivered to maintain healthy ecosystem engagement",
  deskReasonUnsupported: "unsupported message type for the recipient's app",
  deskReasonMedia: "media upload error: the attachment could not be uploaded",
  deskReasonThroughput: "rate limit hit: the bot's number sent too fast",
  deskReasonPairRate: "pair rate limit hit: too many messages to this recipient in a short time",
  deskReasonOwnNumber: "recipient cannot be sender: the bot's own number",
  deskReasonNotAllowed: "recipient phone number not in allowed list (test numbers)",
  deskReasonTemplate: "template error (tell the server operator)",
  deskReasonAccess: "access token expired or revoked (tell the server operator)",
  deskReasonBlocked: "bot was blocked by the user",
  deskReasonChatNotFound: "chat not found",
  deskReasonDeactivated: "user is deactivated: the recipient deleted their Telegram account",
  deskReasonErased: "the recipient's identity was erased at their request",
  deskActorSystem: "system",
  deskInternal: "internal",
  deskTemplatesNone: "No templates yet. Admins add them with /templat tambah <name> <text>.",
  deskTemplatesHeader: "*Canned answers* (use: /balas <number> #<name>)",
  deskTemplateLine: "#{name} — {text}",
  deskTemplateSaved: "Template #{name} saved.",
  deskTemplateRemoved: "Template #{name} removed.",
  deskTemplateMissing: "There is no template #{name}. See the list with /templat.",
  deskStaffHeader: "*Active staff* ({count}):",
  deskStaffLine: "{id} ({channel}) · {name} · {role}",
  deskStaffAdded:
    "{id} is now {role}. Ask them to send /start to the bot privately so they can receive reports.",
  deskStaffRemoved: "{id} is no longer staff.",
  deskStaffRemovedConfigured:
    "{id} is no longer staff until the service restarts: the account is listed in {variable}. Remove it there too for good.",
  deskStaffRemovedNotice:
    "👤 You are no longer registered as desk staff. The report cards in this chat are no longer updated, and their buttons or numbered actions no longer work. The reports are still handled by the desk; nothing is lost.",
  deskStaffNotFound: "{id} is not active staff.",
  deskStaffNotSelf: "You cannot remove your own account.",
  deskStaffNoTarget:
    "Who is to be added? Write their account id or @username, or reply to a message of that person, not one of the bot's.",
  deskStaffUnknownTarget:
    "Unknown account {target}. Use their account id, the @username of someone who has written to the bot, or reply to their message.",
  deskStaffConfirmUsername:
    "@{username} was last used by *{name}* (id `{id}`), who wrote to the bot on {seen}. " +
    "Usernames can change hands, so roles are granted by id only. If this is the right person, send:\n`{command}`",
};
