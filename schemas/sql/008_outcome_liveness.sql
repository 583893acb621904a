-- SPDX-License-Identifier: EUPL-1.2
-- 008_outcome_liveness.sql — after "missing information" or a no-show the
-- applicant is told to request a new interview (the outcome mail, the link's
-- 410 page), so those applications are over for the one-live-per-address
-- rule, as a rejected one already is: the request form accepts the address
-- again (live = not cancelled, expired, duplicate, rejected, missing
-- information or no-show; DK_LIVE_WHERE in common/booking/dk_live.h says
-- exactly this). A correction that would make such an application live
-- again while the address has a newer live one is refused by this index
-- (the console's 409 "address_has_new_application").
DROP INDEX applications_one_live_per_email_idx;
CREATE UNIQUE INDEX applications_one_live_per_email_idx ON applications (lower(email))
    WHERE status NOT IN ('cancelled', 'expired', 'duplicate', 'rejected', 'missing_information',
                         'no_show');
