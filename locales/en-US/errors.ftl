# Messages the Rust core returns as { id, args }: validation errors and failures.
# The UI shows them through Fluent; the ids are stable API between Rust and the UI.

error-required = Answer this question
error-too-long = Use at most { $max } characters; you entered { $actual }
error-id-length = A resident ID number has 18 characters; you entered { $actual }
error-id-characters = A resident ID number has only digits, and its last character may be X
error-id-area = The first 6 digits of the resident ID number are not a valid area code
error-id-birth-date = Digits 7 to 14 of the resident ID number must be a real date of birth
error-id-check-digit = The last character (the check digit) of the resident ID number is wrong; check each digit
error-mobile-format = A mobile number has 11 digits and starts with 1, for example 138 0013 8000
error-network = We cannot reach the government services system right now. Your answers are saved; try again later, or call { $hotline } for help
error-backend = The government services system cannot handle your application right now. Your answers are saved; try again later
error-not-found = We could not find this. Go back to the home page and choose again
error-storage = Your answers cannot be saved on this computer (the disk may be full). Ask a member of staff for help
error-internal = Something unexpected went wrong. Your answers are saved; call { $hotline } for help
error-invalid-answers = Some answers need changing; check each one
error-form-malformed = The form of this service has a problem and cannot be filled in now. Try again later, or call { $hotline } for help
error-already-submitted = This application has been submitted and can no longer be changed
error-keyring = The secure key storage of this computer is not available, so your personal details cannot be stored safely. They will not be stored unprotected. Ask a member of staff for help, or call { $hotline }
error-submission-refused = The government services system did not accept this application. Your answers are saved on this computer; ask a member of staff for help, or call { $hotline }

error-select-required = Select an option
error-date-required = Enter a date, with day, month and year
error-attachment-required = Add this document
error-too-many = Give at most { $max } answers
error-integer-format = Enter a whole number, using digits only, for example 3
error-decimal-format = Enter a number, for example 12.5
error-number-min = Enter { $min } or more
error-number-max = Enter { $max } or less
error-date-missing-day = The date must include a day
error-date-missing-month = The date must include a month
error-date-missing-year = The date must include a year
error-date-year-digits = The year must have 4 digits, for example 1946
error-date-not-real = This is not a real date; check the day, month and year
error-date-before = The date must be on or after { $date }
error-date-after = The date must be on or before { $date }
error-choice-invalid = Choose one of the options listed
error-attachment-invalid = This document cannot be recognised; add it again
error-name-characters = A name may only contain Chinese characters, with "·" between the parts of a minority name
error-name-too-short = A name must have at least two Chinese characters
error-postcode-format = A postcode has 6 digits, for example 100010
error-not-asked = This question did not need an answer, but one was sent
error-config = The address of the government services system set on this computer is wrong. Ask a member of staff, or call { $hotline } for help
error-signed-out = You are not signed in, or you have signed out. Please sign in again
error-session-expired = You were signed out because the time ran out, to protect your information. Sign in again: everything you filled in is still here
error-invalid-request = What was sent could not be understood. Go back and try again, or ask a member of staff for help
error-case-state = This cannot be done at this stage. Refresh to see the latest progress
error-already-rated = You have rated this already; each one can be rated once. Thank you
error-in-flight = Your last request is still being handled. Please wait a moment; there is no need to send it again
error-forbidden = You cannot see or do this while signed in like this. Ask a member of staff if you need help
error-upload-failed = The file was not sent. Please try again, or ask a member of staff for help
error-upload-empty = This file is empty: there is nothing in it. Please choose another file
error-upload-too-large = This file is too big. The largest file you can send is { $maxMb } MB. You can take a smaller photo and send that
error-upload-type = You can only send a photo (JPG or PNG) or a PDF file
error-upload-interrupted = Sending the file stopped part of the way. It will carry on from where it stopped; you do not need to start again
error-upload-damaged = The file was damaged on the way. It is being sent again
error-upload-incomplete = This document has not finished sending. Wait until it has, then send your application
error-upload-unknown = We cannot find a document you added. Please add it again
error-storage-full = The disk of this computer is full, so what you just entered was not saved. Everything saved before is still there. Ask a member of staff to make some space
error-storage-read-only = This computer's storage cannot be written to just now, so what you just entered was not saved. Everything saved before is still there. Ask a member of staff for help
error-answer-needs-review = The form has been updated and this answer needs another look: change it, or remove it

# Sign-in, delegations (亲友代办) and submissions in flight
error-sign-in-code-wrong = The code is not right. Check it and type it again. You can try { $attemptsLeft } more times
error-sign-in-code-expired = This code no longer works. Ask for a new code
error-sign-in-code-too-many-tries = The code was typed wrongly too many times, so it no longer works. Ask for a new code
error-staff-sign-in-failed = The staff number or password is not right. Check them and try again
error-device-registration-refused = The device registration code is not right. Check it with the service centre
error-submission-in-flight = This application is being sent right now. Please wait; there is no need to send it again
error-delegation-consent-online = When you give permission yourself online, choose "I agree online"
error-delegation-consent-staff = When staff record a permission, choose "agreed in person here" or "signed paper form"
error-delegation-evidence-required = Add the proof of the permission, for example the signed permission form
error-delegation-unknown-resident = We cannot find the person giving or receiving the permission. Check and try again
error-delegation-self = You cannot give permission to yourself. Choose the relative or friend who will help you
error-delegation-scope = Choose at least one service the helper may do for you
error-delegation-dates = The dates of the permission are not right: the end must be after today and after the start, and at most five years on
error-delegation-required = To do this for someone else you need their permission. Ask them to give it first
error-delegation-not-yours = This permission was not given to you, so you cannot use it to act for them
error-delegation-revoked = This permission has been withdrawn, so you can no longer act for them
error-delegation-expired = This permission has ended. Ask them to give it again
error-delegation-not-yet-valid = This permission does not start yet. Try again from its start date
error-delegation-out-of-scope = This permission does not cover this service. Ask them to add it
error-sign-in-code-too-often = Several codes were already sent to this number just now. Ask for a new one in { $minutes } minutes, or ask a member of staff for help

# The backend's answers to requests it cannot read (message ids of problem+json)
error-bad-request = The government services system could not read what this computer sent. Your answers are saved; try again, and if it happens again, ask a member of staff for help
error-method-not-allowed = This computer asked the government services system for something in a way it does not accept. Your answers are saved; ask a member of staff for help
error-too-large = What you are sending is too large to send in one go. Your answers are saved; make the document smaller, or ask a member of staff for help
error-unsupported-media-type = This computer sent something in a form the government services system does not accept. Your answers are saved; ask a member of staff for help
error-rating-level = Choose one: from "Very satisfied" to "Very dissatisfied"

# Sign-in (登录): the app's own checks before a code is asked for or sent
error-sign-in-mobile-required = Enter your mobile number
error-sign-in-code-required = Enter the code you were sent

# A kiosk's "Finish": the resident's data left the database, but not the page's own storage
error-visit-not-cleared = Your application details have been removed from this machine, but its browser storage could not be cleared. Please tell a member of staff, and do not let the next person use it until it is cleared
error-too-many-files = You can add at most { $max } files. To add another, remove one first

# A kiosk's call for staff did not reach the system (HelpPanel.svelte)
error-staff-call-failed = The call did not go through: this machine cannot reach the system just now. Please wave to a member of staff nearby, go to the service desk, or call { $hotline }.
