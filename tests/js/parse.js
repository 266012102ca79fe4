// Parse an iCalendar feed from stdin with ical.js (Mozilla Thunderbird's parser) and print
// its events as JSON, so the Python tests can check what a real subscriber would see.
// Usage: node parse.js < feed.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const root = new ICAL.Component(ICAL.parse(text));
// Register the feed's own VTIMEZONEs: ical.js resolves TZIDs only through them.
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtz);
}
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const ev = new ICAL.Event(vevent);
  return {
    uid: ev.uid,
    sequence: ev.sequence,
    status: vevent.getFirstPropertyValue("status"),
    summary: ev.summary,
    tzid: ev.startDate.zone ? ev.startDate.zone.tzid : null,
    start: ev.startDate.toString(),
    start_utc: ev.startDate.toJSDate().toISOString(),
    end_utc: ev.endDate.toJSDate().toISOString(),
  };
});
process.stdout.write(
  JSON.stringify({ name: root.getFirstPropertyValue("x-wr-calname"), events }) + "\n",
);
