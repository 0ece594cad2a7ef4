import { initAll } from "../dist/govuk-frontend.min.js";

// A success banner takes focus (and scrolls to the top) by default. When the page was opened at an anchor, such as
// the question an officer has just saved or the answer a respondent has just changed, keep them there: the banner
// is still announced, because it is a live region.
const target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
initAll({ notificationBanner: { disableAutoFocus: Boolean(target) } });

// GOV.UK Frontend marks a radio that reveals a follow-up question ("Other – please specify") with aria-expanded, which
// ARIA does not allow on a radio (axe: aria-allowed-attr; a known issue, alphagov/govuk-frontend#979). The revealed
// question sits straight after its radio in the reading order, so the attribute is taken off radios whenever
// Frontend sets it; checkboxes, which may carry it, keep theirs.
const RADIO_WITH_EXPANDED = "input.govuk-radios__input[aria-expanded]";
const dropRadioExpanded = (element) => element.matches(RADIO_WITH_EXPANDED) && element.removeAttribute("aria-expanded");
document.querySelectorAll(RADIO_WITH_EXPANDED).forEach(dropRadioExpanded);
new MutationObserver((records) => records.forEach((record) => dropRadioExpanded(record.target))).observe(
  document.body, { attributes: true, attributeFilter: ["aria-expanded"], subtree: true });
