import { initAll } from "../dist/govuk-frontend.min.js";

// A success banner takes focus (and scrolls to the top) by default. When the page was opened at an anchor, such as
// the question an officer has just saved or the answer a respondent has just changed, keep them there: the banner
// is still announced, because it is a live region.
const target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
initAll({ notificationBanner: { disableAutoFocus: Boolean(target) } });
