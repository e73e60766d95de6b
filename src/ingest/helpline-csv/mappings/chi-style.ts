/**
 * The shipped CHI-style mapping (`--mapping chi-style`): a helpline contact export with one row
 * per contact and categories as "Category/Subcategory" labels of the CHI data framework. A TS
 * module rather than a JSON file so the built package carries it; copy it into a JSON file to
 * adapt it to another helpline's export.
 */
export const chiStyle = {
  "name": "chi-style",
  "version": "1",
  "description": "A CHI-style helpline contact export (Aselo-like): one row per contact, categories as \"Category/Subcategory\" after the CHI data framework, separated by semicolons. Synthetic example; adapt the column names to your helpline's export.",
  "sourceSystem": "helpline CRM (CHI-style CSV export)",
  "delimiter": ",",
  "dateFormat": "iso",
  "timeZone": "UTC",
  "fields": {
    "sourceRef": "contact_id",
    "contactAt": "date_time",
    "channel": {
      "column": "channel",
      "values": {
        "Phone": "phone",
        "Voice": "phone",
        "Call": "phone",
        "Chat": "chat",
        "Web chat": "chat",
        "WhatsApp": "social-media",
        "Facebook": "social-media",
        "Instagram": "social-media",
        "Social media": "social-media",
        "SMS": "sms",
        "Text": "sms",
        "Email": "email",
        "E-mail": "email",
        "Web form": "web-form",
        "Walk-in": "in-person",
        "In person": "in-person",
        "Other": "other"
      }
    },
    "durationMinutes": {
      "column": "duration_minutes",
      "unit": "minutes"
    },
    "age": {
      "column": "child_age",
      "basis": "reported",
      "unknown": [
        "",
        "Unknown",
        "unknown",
        "Not disclosed",
        "N/A"
      ]
    },
    "gender": {
      "column": "child_gender",
      "values": {
        "Girl": "female",
        "Female": "female",
        "F": "female",
        "Boy": "male",
        "Male": "male",
        "M": "male",
        "Non-binary": "non-binary",
        "Other": "other",
        "Unknown": "unknown",
        "": "unknown"
      }
    },
    "country": "country",
    "region": "region",
    "language": "language",
    "categories": [
      {
        "column": "categories",
        "scheme": "chi-helpline",
        "split": ";"
      }
    ]
  }
} as const;
