# User-interface text of the Bianmin front end (ui/). Every visible or spoken string of the UI
# comes from here or from errors.ftl. Keep the same ids in every language.
# The end-to-end tests find controls by role and accessible name taken from these messages.

## Shell: every screen

app-name = Bianmin
# "<page heading> – <app name>", used for document.title.
page-title = { $page } – { $app }
# The window title with a status said once in front of it (Orca speaks the window title).
window-title-status = { $status } – { $title }
skip-link = Skip to main content
practice-mode-badge = Practice mode
practice-mode-explained = This is a demonstration system for practice. Applications you fill in here are not really sent to a government department, so you can practise safely.
# The two language names are written in their own language (endonyms) in every locale.
language-label = Language
language-zh-CN = 中文（简体）
language-en-US = English
high-contrast-toggle = High contrast
# Text size (A2): a select in the header on every screen; 100 % is the app's standard size
# (already large), the others scale it. The percentages are part of the option names.
text-size-label = Text size
text-size-100 = Standard (100%)
text-size-125 = Large (125%)
text-size-150 = Larger (150%)
text-size-200 = Largest (200%)
help-button = Help
help-heading = Need help?
help-hotline = Call the government services hotline { $number } and a member of staff will help you.
help-person = In a service hall or community service centre, tell a member of staff near you and they will help you.
footer-hotline = Government services hotline: { $number }
loading = Loading, please wait…
button-retry = Try again
button-back = Back
button-continue = Continue

## Status messages, announced once through the live region

status-saved = Saved
status-sending = Sending your application, please wait…
status-sent = Sent
# The outbox: said once when an application reaches the state, never on every check.
status-queued = Saved, being sent
status-retry-later = Not sent yet. It will be sent by itself, nothing is lost
status-needs-attention = Your application was not sent. It needs your attention
# On the home page, one line per application that changed: "<service>: <status>".
status-application-update = { $service }: { $status }
status-list-separator = {"; "}

## Errors

error-summary-title = There is a problem
# Read before the inline error message; visually hidden. In English it ends with a space ({" "}).
error-prefix = Error:{" "}
# Put in front of the page title when the page shows an error.
error-title-prefix = Error:{" "}

## Home

home-heading = What do you want to do?
home-services-heading = Services you can apply for
home-offline-note = We cannot reach the government services system right now. This is the list of services saved last time. You can still fill in an application and send it when the connection is back.
home-services-empty = There are no services available right now.
home-my-applications-heading = My applications
applications-empty = You have no applications yet.
status-label = Status:{" "}
status-draft = Not sent
status-submitted = Sent
applications-case-number = Case number: { $number }
applications-continue = Continue: { $service }
# Where a submitted application is (the outbox), in plain words, after "Status: ".
outbox-state-sending = Saved, being sent
outbox-state-retry-later = Saved, not sent yet
outbox-state-needs-attention = Needs your attention
outbox-sending-detail = Your application is saved on this computer and is being sent. You do not need to do anything.
outbox-retry-detail = It has not been sent yet. It will be sent by itself { $time }. You do not need to do anything, and nothing you filled in is lost.
outbox-retry-detail-soon = It has not been sent yet. It will be sent by itself soon. You do not need to do anything, and nothing you filled in is lost.
# The time of the next attempt, local time: "today at 14:05", or "on 30 November at 14:05".
outbox-time-today = today at { $time }
outbox-time-day = on { $date } at { $time }
# The backend refused the answers: opens the check page. Named with the service.
applications-change-answers = Change your answers: { $service }

## Question page

question-progress = Question { $current } of { $total }
# A long answer (textarea): the limit as a static hint, never a count announced while typing.
text-max-length = You can enter up to { $max } characters
# Date: three labelled fields, in the GOV.UK order day, month, year.
date-year = Year
date-month = Month
date-day = Day
# Shown under a date question that has no hint of its own.
date-example-hint = For example, 27 3 1946
# Yes/no questions: the two radios.
boolean-yes = Yes
boolean-no = No
# Read after each radio or checkbox (not shown): its place among the options.
choice-position = Option { $position } of { $total }
# Hint of a multiple choice (checkboxes) that has no hint of its own.
choice-select-all = Select all that apply
# Open choice: the last radio, and the label of the text field it reveals.
open-choice-other = Other
open-choice-other-label = Give details
# "Add another": the label of each input, its remove button, the add button, and the polite announcement.
repeat-item-label = Item { $n }
repeat-remove = Remove item { $n }
repeat-add = Add another
repeat-removed = Item { $n } removed

## Check answers

check-heading = Check your answers
check-intro = If something needs changing, choose “Change”. When everything is right, choose “Send application”.
check-no-answer = Not answered
check-change = Change
check-submit = Send application
# Between the option texts of one answer with several choices.
answer-separator = {", "}

## Confirmation

confirm-heading = Application sent
confirm-case-number-label = Your case number
confirm-case-number-note = Write this number down. You need it to follow your application.
# The case number as a screen reader says it: each character, a pause between groups of four.
confirm-case-number-spoken = Your case number: { $characters }
case-number-group-separator = { ", " }
confirm-next-heading = What happens next
confirm-next-body = The department will review your application and promises to finish within { $days } working days. You will be told the result.
confirm-help-heading = Getting help
confirm-help-body = If you have any questions, call the government services hotline { $number }.
confirm-print = Print receipt
confirm-home = Back to home
# The application is saved on this computer and waits in the outbox (not accepted yet).
confirm-heading-saved = Your application is saved and being sent
confirm-saved-next = When it has been sent, your case number is shown here and under “My applications” on the home page. You can stay on this page or go back to the home page.
# The backend refused it: the message from errors.ftl is shown, then the way forward.
confirm-heading-attention = Your application was not sent and needs your attention
confirm-attention-next = Choose “Change your answers”, correct what is shown and send it again.
confirm-change-answers = Change your answers

## Search (the home page)

search-label = Search for what you need to do
search-hint = Type the name of a service, or its pinyin or pinyin initials, for example "高龄津贴", gaoling or gljt
search-button = Search
search-clear = Clear search
# The result count, shown as a heading over the results and announced once the typing pauses.
search-count = Services found for "{ $query }": { $count }
search-none = No services found for "{ $query }"
search-none-help = Try other words, for example fewer of them. You can also call the 12345 government services hotline to ask.

## Browsing the catalogue (the home page)

browse-life-events-heading = Find by what is happening in your life
browse-departments-heading = Find by department
browse-all-heading = All services
# A life event or department button: its name and how many services it has.
browse-group-button = { $group } ({ $count ->
    [one] 1 service
   *[other] { $count } services
})
browse-group-heading = { $group }: { $count ->
    [one] 1 service
   *[other] { $count } services
}
browse-back = Back to all services

## Sign-in (登录, A12): a one-time code by SMS, no password or puzzle; and prefill from the records

sign-in-button = Sign in
sign-out-button = Sign out
signed-in-as = Signed in as { $name }
signed-in-as-unnamed = Signed in
# The notice on the screen the resident returns to, also announced once.
sign-in-notice = You are signed in as { $name }
sign-in-notice-unnamed = You are signed in
sign-out-notice = You have signed out.
sign-in-caption = Sign in
sign-in-mobile-heading = What is your mobile number?
sign-in-mobile-hint = We will send a code to this number by text message. You do not need a password.
sign-in-send-code = Send me a code
sign-in-code-heading = Enter the code
sign-in-code-hint = The code has { $length } digits and was sent by text message to { $mobile }. You can paste it.
# Practice mode: the code is shown because no SMS is sent.
sign-in-practice-note = This is practice mode: no text message is sent, so the code is shown here. When you use the real service, the code comes by text message to your mobile.
sign-in-practice-code-label = Your code:
sign-in-submit = Sign in
sign-in-new-code = Send a new code
sign-in-new-code-sent = A new code has been sent
# The voice alternative: a person on the hotline (the backend places no voice calls yet).
sign-in-voice-heading = Cannot get or read the text message?
sign-in-voice = Call the government services hotline { $number } and a member of staff can help you sign in by phone. In a service hall, you can also ask a member of staff near you.
# Prefill: on the question page (first in the hint) and on the check page.
prefill-hint = This was filled in from your government records. Check it, and change it if it is wrong.
check-prefilled = From your government records

## Answers to look at again after the form changed (check answers)

review-heading = The form has been updated: please look at these answers again
review-intro = The department updated this form. The answers below do not fit the new form: change or remove them before you send it. Everything else you filled in has been kept.
# An answer to a question that is no longer on the form.
review-old-answer = This question is no longer on the form. Your answer was: { $answer }
review-remove = Remove the answer: { $answer }
review-removed = The answer has been removed
## Following a case (办件进度), withdrawal and the rating (好差评)

# Home: each submitted application has a button naming its service.
applications-view = View progress: { $service }
# A tag beside an application with events the resident has not seen.
applications-news = New update
home-news-heading = There is news about your applications
# One line of the notice and of the announcement: "<service>: <status>".
home-news-item = { $service }: { $status }
# The status of a case in plain words (the core names them: case-status-…).
case-status-submitted = Sent, waiting to be accepted
case-status-accepted = Accepted
case-status-needs-more = More documents needed
case-status-supplemented = Documents received, being checked
case-status-in-progress = Being dealt with
case-status-done = Done
case-status-rejected = Not approved
case-status-withdrawn = Withdrawn
# The case page.
case-caption = Progress of your application
case-number-label = Case number
case-status-label = Status
case-submitted-label = Sent on
case-promised-label = To be finished within
case-promised-days = { $days } working days
case-new-events = { $count ->
    [one] There is 1 new update, marked “New” below.
   *[other] There are { $count } new updates, marked “New” below.
}
case-offline-note = The government services system cannot be reached now. This is the progress as of { $time }.
case-refresh = Check for updates
case-back = Back to home
case-next-heading = What happens next
case-next-wait = The department is dealing with it. This app tells you when there is news; you do not need to do anything.
case-next-needs-more = The department needs the documents below before it can go on.
case-next-supplemented = The documents you sent have been received. The department is checking them.
case-next-done = It is done. Please tell us how satisfied you are with the service.
case-next-done-rated = It is done. Thank you for your rating.
case-next-rejected = The department did not approve this application; the reason is in the progress below. If you have questions, call { $hotline }.
case-next-withdrawn = You withdrew this application. If you still need it, you can apply again.
case-materials-heading = Documents needed
case-reason = Why: { $reason }
case-result = Result: { $result }
case-materials-how = You can send these documents from this app as photos or scans: choose “Send the missing documents”. You can also bring the originals to the government service centre, or call { $hotline }.
# A request that also asks for a form to be filled in: not answered in the app.
case-materials-how-in-person = Bring the original documents to the government service centre, or call { $hotline } to ask how to send them.
case-timeline-heading = What has happened
case-event-new = New
case-event-submitted = You sent your application
case-event-accepted = The department accepted your application
case-event-needs-material = The department asked for more documents
case-event-supplemented = The documents asked for were received
case-event-rejected = The department did not approve this application
case-event-in-progress = The department started work on it
case-event-done = Finished
case-event-withdrawn = You withdrew your application
case-withdraw = Withdraw application
case-withdrawn-banner = Your application has been withdrawn
# Desktop notification (the shell formats it in the UI's language).
case-news-title = There is news about your application
case-news-body = { $service }: { $status }
# Withdrawing: a confirmation page.
withdraw-heading = Are you sure you want to withdraw this application?
withdraw-warning-label = Warning
withdraw-warning = If you withdraw it, the department stops dealing with it. This cannot be undone: if you still need it, you have to apply again.
withdraw-reason-label = Why are you withdrawing it? (optional)
withdraw-reason-hint = Only the department sees this. At most { $max } characters.
withdraw-confirm = Yes, withdraw my application
withdraw-cancel = No, go back
# Rating (好差评): five levels, once per case.
rate-heading = Rate this service
rate-legend = How satisfied are you with this service?
rate-level-5 = Very satisfied
rate-level-4 = Satisfied
rate-level-3 = Neither satisfied nor dissatisfied
rate-level-2 = Dissatisfied
rate-level-1 = Very dissatisfied
rate-comment-label = Is there anything else you want to tell us? (optional)
rate-comment-hint = At most { $max } characters.
rate-comment-remaining = You have { $count } characters remaining
rate-comment-over = You have { $count } characters too many
rate-submit = Send rating
rate-once-note = Each application can be rated once; a rating cannot be changed.
rate-thanks-heading = Thank you for your rating
rate-given = Your rating: { $level }
rate-comment-given = Your comment: { $comment }
rate-sent = Rating sent. Thank you

# A kiosk or service-centre counter: "Finish" ends a resident's visit and clears their data
finish-visit-button = Finish
finish-visit-heading = Finish and clear your details from this machine?
finish-visit-what-goes = When you finish, what you entered here, the documents you added and your sign-in are cleared, so the next person cannot see them.
finish-visit-drafts = { $count ->
    [one] 1 application record on this machine will be deleted (one not yet sent would need filling in again)
   *[other] { $count } application records on this machine will be deleted (any not yet sent would need filling in again)
}
finish-visit-still-sending = { $count ->
    [one] 1 application is still being sent: it will still be sent, then deleted from this machine
   *[other] { $count } applications are still being sent: they will still be sent, then deleted from this machine
}
finish-visit-settings = Text size, high contrast and language go back to the standard
finish-visit-discarded = { $count ->
    [one] 1 application was sent back for changes. It will be deleted when you finish and would need filling in again.
   *[other] { $count } applications were sent back for changes. They will be deleted when you finish and would need filling in again.
}
finish-visit-case-numbers = Applications already sent are not affected: you can check their progress at any time with the case number.
finish-visit-confirm = Finish and clear
finish-visit-cancel = Do not finish, go on
visit-finished-notice = Your details have been cleared from this machine. The next person can choose a service to start.

## Home: reminders (未诉先办)
home-reminders-heading = Reminders
reminders-signed-out = Sign in and the things the government reminds you to do will show here, such as the yearly pension check.
reminders-sign-in = Sign in to see reminders
reminders-none = There is nothing for you to do right now.
reminders-loading-failed = Your reminders cannot be shown right now.
reminder-due = Please do this by { $date }
reminder-start = Start: { $service }
reminder-dismiss = Dismiss: { $title }
reminder-dismissed = Reminder dismissed: { $title }
reminders-new = New reminder: { $titles }

# Attachments (材料): choosing, showing, removing and replacing files.
attachment-choose = Choose a file
attachment-choose-another = Add another file
attachment-kinds = A photo (JPG or PNG) or a scanned PDF file, each up to 20 MB
attachment-list-label = Files added
attachment-kind-photo = Photo
attachment-kind-pdf = PDF file
attachment-size-kb = { $n } KB
attachment-size-mb = { $n } MB
attachment-remove = Remove { $name }
attachment-replace = Replace { $name }
attachment-added = File added: { $name }
attachment-replaced = File replaced: { $name }
attachment-removed = File removed: { $name }

## A kiosk visit without use (IdleWarning.svelte)
idle-warning-heading = Do you need more time?
idle-warning-text = Nobody has used this machine for a while. To keep your details safe, if nobody answers, this visit will finish by itself and what you entered here will be cleared.
idle-seconds-left = { $seconds ->
    [one] { $seconds } second left
   *[other] { $seconds } seconds left
}
idle-more-time = I need more time
idle-more-time-given = You can carry on

## 一件事一次办: a life-event bundle — several services as one journey, shared questions asked once

bundle-offer-heading = Do these together
bundle-offer-services = { $count ->
    [one] 1 service in one go: { $services }
   *[other] { $count } services in one go: { $services }
}
bundle-start-button = Do them together: { $bundle }
bundle-offer-one-by-one = Or apply for one at a time
bundle-caption = Everything at once
bundle-intro = Questions that these { $count } services all ask are asked only once and filled into every application. At the end you check everything once and send it all together.
bundle-services-heading = The { $count } services done together
bundle-begin = Start: { $bundle }
bundle-continue = Continue: { $bundle }
bundle-question-shared = Asked once, used for all { $count } services
bundle-question-for = This question is for: { $service }
bundle-check-heading = Check your answers before sending
bundle-check-intro = Here are your answers for all { $count } services. If something needs changing, choose “Change”. When everything is right, choose the button at the bottom to send them all at once.
bundle-check-shared-heading = Answers given once, used for all { $count } services
bundle-check-nothing-more = This service has no other questions.
bundle-change-shared = { $question } (changes it for every service)
bundle-change-for = { $question } ({ $service })
bundle-problem = { $service }: { $problem }
bundle-submit = { $count ->
    [one] Send 1 application
   *[other] Send all { $count } applications
}
bundle-confirm-heading = Applications sent
bundle-confirm-heading-saved = Your applications are saved and being sent
bundle-confirm-list-heading = Each service ({ $count })
bundle-case-number-spoken = Case number for { $service }: { $characters }
bundle-confirm-note = Write these numbers down. You need them to follow your applications.
bundle-confirm-saved-next = When they have been sent, their case numbers are shown here and under “My applications” on the home page. You can stay on this page or go back to the home page.
bundle-group-note = { $count ->
    [one] 1 application done together
   *[other] { $count } applications done together
}

# Supplements (补正): the material a case asks for, sent from the app.
supplement-start = Send the missing documents
supplement-continue = Continue sending the documents
supplement-check-heading = Check the documents you are sending
supplement-check-intro = These files will be sent to the department dealing with your application.
supplement-submit = Send the documents
supplement-sending = Sending your documents, please wait…
supplement-sent-heading = Documents sent
supplement-sent = Your documents have been sent. The department will check them soon, and this page will tell you what happens next.
supplement-waiting-heading = Your documents are saved and being sent
supplement-waiting = The documents are saved on this computer and will be sent by themselves. You do not need to do anything.
supplement-attention-heading = Your documents were not sent

## 12345 hotline requests
hotline-home-heading = 12345 hotline request
hotline-home-body = If you are in difficulty, have a question, are unhappy about something or have an idea, you can tell 12345. Someone follows it up and tells you the outcome.
hotline-start = Tell 12345 about a problem
help-hotline-request = You can also tell 12345 about a problem here, without phoning.
hotline-caption = Progress of your 12345 request
hotline-page-heading = 12345 request: { $kind }
hotline-number-label = Request number
hotline-created-label = Sent on
hotline-description-label = What it is about
hotline-location-label = Where
hotline-photos-label = Photos
hotline-photos-none = No photos
hotline-anonymous-label = Anonymous
hotline-anonymous-yes = Yes: the office that deals with it is not told who you are, and nobody calls you with the outcome
hotline-anonymous-no = No: you are called or texted with the outcome at { $mobile }
hotline-type-consultation = Question
hotline-type-help = Help
hotline-type-complaint = Complaint
hotline-type-report = Report
hotline-type-suggestion = Suggestion
hotline-status-accepted = Taken on by 12345
hotline-status-dispatched = Passed to the office that deals with it
hotline-status-handled = The office is dealing with it
hotline-status-replied = The office has replied
hotline-status-closed = Closed
hotline-status-follow-up-visit = Followed up: please rate it
hotline-status-rated = Rated: all done
hotline-next-wait = 12345 passes your request to the office that deals with it. News is shown here; you do not need to do anything.
hotline-next-replied = The office has replied; the reply is in the progress below. 12345 will then follow up and ask whether it was solved.
hotline-next-rate = 12345 has followed up. Please rate how it was handled; you can also write a few words.
hotline-next-rated = Thank you for your rating. This request is all done.
hotline-event-accepted = 12345 took on your request
hotline-event-dispatched = Passed to the office that deals with it
hotline-event-handled = The office started dealing with it
hotline-event-replied = The office replied
hotline-event-closed = Closed
hotline-event-follow-up-visit = 12345 followed up
hotline-event-rated = You rated how it was handled
hotline-rate-heading = Rate how your request was handled
hotline-rate-legend = How satisfied are you with how it was handled?
hotline-news = News of your request: { $status }
hotline-no-news = No news
applications-hotline-number = Request number: { $number }
confirm-heading-hotline = 12345 request sent
confirm-hotline-number-label = Your request number
confirm-hotline-number-spoken = Your request number: { $characters }
confirm-hotline-number-note = Write this number down: you can follow your request with it. It is also under “My applications” on the home page.
confirm-next-body-hotline = 12345 passes your request to the office that deals with it, which usually replies within { $days } working days. Afterwards 12345 follows up and asks you to rate it.
confirm-hotline-view = View the progress of your request
confirm-heading-saved-hotline = Your 12345 request is saved and being sent
confirm-saved-next-hotline = When it has been sent, your request number is shown here and under “My applications” on the home page. You can stay on this page or go back to the home page.

## A kiosk calling a member of staff from the help panel (HelpPanel.svelte)
staff-call-heading = Ask a member of staff to come here
staff-call-explained = Press the button and a member of staff in this hall will come to this machine to help you. Please stay here.
staff-call-button = Call a member of staff
staff-call-waiting = A member of staff has been called. Please wait at this machine.
staff-call-coming = A member of staff is on the way.
staff-call-cancel = Cancel the call, I no longer need help
staff-call-cancelled = The call for a member of staff has been cancelled.

## Search also finds life-event bundles (ServiceSearch.svelte, Home.svelte)
search-bundles-found = { $count ->
    [one] There is also 1 way to do several of them at once.
   *[other] There are also { $count } ways to do several of them at once.
}

## A request for material that also asks questions (CasePage.svelte)
case-request-heading = What the department needs from you
case-request-questions = The department also has some questions for you. They are asked first when you reply.
case-request-how = You can answer the questions in this app and send any documents as photos or scans. You can also go to the government service centre, or call { $hotline }.
supplement-start-answers = Answer the questions and reply
supplement-continue-answers = Continue your reply
case-next-needs-answers = The department needs your answers to its questions below (and any documents it lists) before it can go on.
staff-call-coming-with-note = A member of staff is on the way. { $note }
