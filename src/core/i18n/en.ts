import { accountabilityEn } from "./accountability.js";
import { auditEn } from "./audit.js";
import { deskEn } from "./desk.js";
import { lifecycleEn } from "./lifecycle.js";
import { privacyEn } from "./privacy.js";
import { mediaEn } from "./media.js";
import { publicEn } from "./public.js";
import { supportEn } from "./support.js";
import { whatsappDeskEn } from "./whatsapp-desk.js";
import type { MessageKey } from "./id.js";

export const en: Record<MessageKey, string> = {
  ...deskEn,
  ...lifecycleEn,
  ...accountabilityEn,
  ...publicEn,
  ...privacyEn,
  ...mediaEn,
  ...supportEn,
  ...auditEn,
  ...whatsappDeskEn,
  languageName: "English",
  greeting:
    "Hello{name}! This is *Aduan*, the public complaint service. You can send complaints, " +
    "suggestions or information requests to the local government here, and follow up on them.",
  helpHeader: "*Available commands*",
  helpFlow: "/{command} — {title}",
  helpCommands:
    "/laporan — list your reports\n" +
    "/status <number> — progress of one report, e.g. /status ADU-7K3F9Q\n" +
    "/tambah <number> <text> — add information to your report\n" +
    "/buka <number> — reopen a report that was not resolved\n" +
    "/bahasa — change language (Bahasa Indonesia / English)\n" +
    "/batal — cancel the report you are writing\n" +
    "/bantuan — show this message",
  idle: "Type /lapor to file a new report, /laporan to see your reports, or /bantuan for help.",
  commandMalformed:
    "Write the command's name right after the slash, with no space, for example /lapor. Type /bantuan to see the available commands.",
  commandWithoutSlash: "Did you mean {line}? Commands start with a slash: type {line}",
  commandDidYouMean:
    "Did you mean /{command}? Type the command with no space or punctuation stuck to it.",
  unknownCommand:
    "/{command} is not a command I know. Type /bantuan to see the available commands.",
  unsupportedContent:
    "Sorry, I cannot use this kind of message ({what}). Send text, a photo, a document or a location.",
  unsupportedEdited:
    "Sorry, I cannot read edited messages, so the change was not recorded. Send the corrected text again as a new message.",
  unsupportedEditedDraft:
    "Sorry, I cannot read edited messages, so the change was not recorded. An earlier answer can be changed with *Change* on the report's summary, before you press *Send*. The current question:",
  unsupportedUnknown:
    "Sorry, I cannot read this message (for example a deleted message, or a kind of message I do not support). Send its content again as a new message: text, a photo, a document or a location.",
  flowInProgress:
    "You are in the middle of a report. Answer the question below to continue, or type /batal.",
  draftWaiting:
    "You have an unfinished report, started {date}. Answer the question below to continue, or type /batal to cancel it.",
  draftUnreadable:
    "Sorry, the report you were writing can no longer be read, so it was set aside and not sent. Type /lapor to start again.",
  changeCancelled:
    "Change cancelled; the answer stays as it was. To cancel the whole report, type /batal again.",
  cancelled: "Report cancelled; nothing was sent. Type /{command} to start again.",
  nothingToCancel: "You are not writing a report right now. Type /lapor to file a new report.",
  expired:
    "The report you started earlier was left for more than {duration}, so it expired and " +
    "was not sent.",
  durationMinutes: "{count} {count|minute|minutes}",
  durationHours: "{count} {count|hour|hours}",
  tooManyMessages:
    "You are sending too many messages in a short time. Please wait about {seconds} seconds; messages sent until then are not processed.",
  staleButton: "That button is no longer active.",
  busy: "Sorry, the service is busy. Please send your message again in a moment.",
  skip: "Skip",
  yes: "Yes",
  no: "No",
  today: "Today",
  yesterday: "Yesterday",
  currentAnswer: "Current answer: {value}",
  keepAnswer: "↩️ Keep as it was",
  keepHint: "Changed your mind? {action}.",
  notAnswered: "(not given)",
  chooseOption: "Please press one of the option buttons below.",
  menuUnanswered:
    "To answer the last options, type the number of one: 1 to {max}. For anything else, type /bantuan.",
  menuUnansweredButtons:
    "To answer the last options, press one of their buttons. For anything else, type /bantuan.",
  menuCancelled: "Cancelled; the last options no longer apply. Type /bantuan to see the commands.",
  chooseOptionTyped: "Please type the number of one of the options below.",
  noSuchOption: "There is no option {number}. Type a number from 1 to {max} from the last options.",
  noSuchOptionButtons: "There is no option {number}. Please press one of the option buttons.",
  noSuchOptionOfLast: "There is no option {number}. Choose one of the last {max} options.",
  typeNumber: "Type the number of your choice.",
  pressOption: "Press {option}",
  typeOption: "Type {number} ({option})",
  typeOptionFor: "Type {number} for {option}",
  textTooFewLetters: "Too short: please write at least {min} letters or digits (now {count}).",
  textTooFewWords: "Too short: please write at least {min} words (now {count}).",
  textTooLong: "Too long: at most {max} characters (now {length}). Please shorten it.",
  textExpected: "Please answer with text.",
  dateInvalid:
    "I could not read that date. Write for example: today, yesterday, 3 days ago, 12/11/2026 or 12 November 2026.",
  dateFuture: "{date} has not happened yet. Please give the date of an event that has passed.",
  dateTooOld: "{date} is more than {years} years ago. Please check the date.",
  dateSaved: "📅 {field} saved: {date}.",
  dateHowTyped: "Type the date, or the number of one of the options below.",
  locationHowShare:
    "Share a location (📎 → Location), or type the address (street, village, district).",
  locationHowTyped:
    "Type the address (street, village, district) or its coordinates, for example -6.2088, 106.8456.",
  locationSkipHint: "No location needed? {action}.",
  locationExpected: "This step takes a location or an address.",
  locationTooShort:
    "That address is too short. Write the street and village/district, at least {min} characters.",
  locationNoPlace:
    "That names no place. Write the street and village/district, or coordinates such as -6.2088, 106.8456.",
  locationLinkNoPlace:
    "No position could be read from that link (a short link such as maps.app.goo.gl does not carry one).",
  locationOutOfRange: "Those coordinates are not valid (latitude −90…90, longitude −180…180).",
  shareLocation: "📍 Share location",
  locationSaved: "📍 Location saved.",
  locationSkipped: "Location skipped.",
  locationUnknown:
    "This report needs a location. An approximate one will do: the street, the neighbourhood, or the nearest place you remember.",
  addressSaved: "📍 Address saved.",
  attachmentsHowUpload: "Send the photos or documents here, one at a time.",
  attachmentsHowPath: "Type the file's path, or drag the file into this window; one file per line.",
  attachmentsNone: "No attachments? {action}.",
  attachmentsMoreUpload: "More? Just send them. That is all? {action}.",
  attachmentsMorePath: "More? Type the next file's path. That is all? {action}.",
  attachmentsDone: "Done ({count} {count|file|files})",
  attachmentsClear: "Remove all files",
  attachmentsCleared: "All attachments were taken off this report.",
  attachmentsFull:
    "That is {count} {count|attachment|attachments} (at most {max}). That is all? {action}.",
  attachmentDuplicate: "This file is already attached; it was not added again.",
  attachmentSaved: "Attachment received ({count} of at most {max}).",
  attachmentLimit: "That is {max} attachments, the maximum.",
  attachmentTooLarge:
    "The file is too large ({size}); the maximum is {max}. Please send a smaller file.",
  attachmentTypeNotAllowed:
    "This type of file is not accepted. Send a photo (JPG, PNG, WEBP, HEIC) or a PDF/DOCX document.",
  attachmentUnavailable:
    "That file can no longer be fetched (it may have expired). Please send it again.",
  attachmentExpected: "This step takes an attachment (a photo or a document).",
  attachmentNotNow:
    "Attachments can only be sent at the attachments step. Please answer the question above first.",
  attachmentsCount: "{count} {count|file|files}",
  summaryHeader: "*Please check your report before sending it:*",
  summaryFooter: "Press *Send* if everything is right, or pick the part you want to change.",
  summaryFooterTyped:
    "Type *1* to send if everything is right, or the number of the part to change.",
  send: "✅ Send",
  edit: "✏️ Change {field}",
  cancel: "❌ Cancel",
  cancelConfirm: "Cancel this report? All your answers will be deleted and nothing will be sent.",
  cancelYes: "Yes, cancel it",
  cancelNo: "No, go back",
  reportLimit:
    "You have already sent {max} reports today, the daily limit. This draft is kept: choose Send again tomorrow, or type /batal.",
  intakeBusy:
    "Very many reports are coming in right now, so yours has not been sent yet. Your answers are kept: choose Send again in {seconds} seconds.",
  submitFailed:
    "Sorry, the report was not sent because of a system problem. Choose Send again in a moment; your answers are kept.",
  confirmation:
    "Your report has been recorded with number *{code}*. Keep this number; you can follow its progress with /status {code}.",
  confirmationChanged:
    "Your report's number has changed to *{code}*, because {previous} turned out to be taken by another report. Keep this new number; you can follow its progress with /status {code}.",
  statusUsage: "Write the report number, for example: /status ADU-7K3F9Q. Your reports: /laporan",
  statusNotACode: "“{text}” is not a report number.",
  statusPending:
    "Report {code} was just sent and is being stored. Try /status {code} again in a moment.",
  statusNotFound: "Report {code} is not among your reports. Please check the number.",
  statusHeader: "*{code}* — {title}",
  statusLine: "Status: *{status}*",
  statusKind: "Kind: {kind}",
  statusCategory: "Category: {category}",
  statusAgency: "Agency: {agency}",
  statusNoAgency: "Agency: not assigned yet",
  statusSubmitted: "Sent: {date}",
  statusTimeline: "*History:*",
  myReportsHeader: "*Your most recent {count|report|reports}* ({count}):",
  myReportsLine: "{code} · {status} · {title}",
  myReportsSupportedLine: "{code} · {status} · {title} (👍 you support it)",
  myReportsNone: "You have no reports yet. Type /lapor to file one.",
  myReportsFooter: "See the details with /status <number>.",
  chooseLanguage: "Pilih bahasa / Choose a language:",
  languageUnavailable: "“{name}” is not a language I know.",
  languageSwitched: "Language switched to English.",
};
