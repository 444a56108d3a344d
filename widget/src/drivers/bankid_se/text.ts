// The BankID driver's words in Swedish and English: BankID's recommended messages as BankID
// publishes them (specs/bankid-user-messages.json, typos included: they are BankID's texts) and
// the few labels of its own UI. Carried by this chunk, not by the widget's catalogue.
import type { Rfa } from './messages.js';

export interface BankIdText {
  lang: 'sv' | 'en';
  qr_label: string;
  open_here: string;
  use_other_device: string;
  try_again: string;
  messages: Record<Rfa, string>;
}

const sv: BankIdText = {
  lang: 'sv',
  qr_label: 'QR-kod för BankID-appen',
  open_here: 'Öppna BankID på den här enheten',
  use_other_device: 'Använd BankID på en annan enhet',
  try_again: 'Försök igen',
  messages: {
    RFA1: 'Starta BankID-appen.',
    RFA3: 'Åtgärden avbröts. Försök igen.',
    RFA4: 'En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.',
    RFA5: 'Något gick fel. Försök igen.',
    RFA6: 'Åtgärden avbröts.',
    RFA8: 'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.',
    RFA9: 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.',
    RFA13: 'Försöker starta BankID-appen.',
    RFA15A: 'Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här datorn. Om du har ett BankID på kort, sätt in kortet i kortläsaren.',
    RFA15B: 'Söker efter BankID. Säkerställ att du har ett gitligt BankID på den här enheten.',
    RFA16: 'Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    RFA17A: 'Du verkar inte ha BankID-appen/programmet. Installera den och skaffa ett BankID hos din bank.',
    RFA17B: 'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.',
    RFA21: 'En identifiering eller underskrift pågår.',
    RFA22: 'Något gick fel. Försök igen.',
    RFA23: 'Fotografera och läs av din ID-handling med BankID-appen.',
  },
};

const en: BankIdText = {
  lang: 'en',
  qr_label: 'QR code for the BankID app',
  open_here: 'Open BankID on this device',
  use_other_device: 'Use BankID on another device',
  try_again: 'Try again',
  messages: {
    RFA1: 'Start your BankID app.',
    RFA3: 'The action was cancelled. Please try again.',
    RFA4: 'An identification or signature is already in progress for your personal identity number. Please try again.',
    RFA5: 'Something went wrong. Please try again.',
    RFA6: 'The action was cancelled.',
    RFA8: 'The BankID app is not responding. Please check that it’s started and that you have internet access. Try again.',
    RFA9: 'Enter your security code in the BankID app and select Identify or Sign.',
    RFA13: 'Trying to start your BankID app.',
    RFA15A: 'Searching for BankID. Make sure you have a valid BankID on this computer. If you have a BankID on card, please insert the card into your card reader.',
    RFA15B: 'Searching for BankID. Make sure you have a valid BankID on this device.',
    RFA16: 'Your BankID is blocked or too old. Please use another BankID or get a new one from your bank.',
    RFA17A: "You don't seem to have the BankID app/program. Please install it and get a BankID from your bank.",
    RFA17B: 'Failed to scan the QR code. Start the BankID app and scan the QR code.',
    RFA21: 'An identification or signing is in progress.',
    RFA22: 'Something went wrong. Please try again.',
    RFA23: 'Take a photo of, and scan, you ID document with the BankID app.',
  },
};

/** Swedish for a Swedish page (`sv`, `sv-SE`, `sv-FI`), English for any other language. */
export function bankIdText(language: string): BankIdText {
  return /^sv(-|$)/i.test(language) ? sv : en;
}
