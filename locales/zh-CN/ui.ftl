# User-interface text of the Bianmin front end (ui/). Every visible or spoken string of the UI
# comes from here or from errors.ftl. Keep the same ids in every language.
# The end-to-end tests find controls by role and accessible name taken from these messages.

## Shell: every screen

app-name = 便民
# "<page heading> – <app name>", used for document.title.
page-title = { $page } – { $app }
# The window title with a status said once in front of it (Orca speaks the window title).
window-title-status = { $status } – { $title }
skip-link = 跳到主要内容
practice-mode-badge = 练习模式
practice-mode-explained = 这是练习用的示范系统，您填写的申请不会真正提交给政府部门，可以放心练习。
# The two language names are written in their own language (endonyms) in every locale.
language-label = 语言
language-zh-CN = 中文（简体）
language-en-US = English
high-contrast-toggle = 高对比度显示
# Text size (A2): a select in the header on every screen; 100 % is the app's standard size
# (already large), the others scale it. The percentages are part of the option names.
text-size-label = 文字大小
text-size-100 = 标准（100%）
text-size-125 = 大（125%）
text-size-150 = 更大（150%）
text-size-200 = 特大（200%）
help-button = 帮助
help-heading = 需要帮助？
help-hotline = 请拨打政务服务热线 { $number }，有工作人员为您解答。
help-person = 在政务服务大厅或社区服务中心，请告诉身边的工作人员，他们会帮您办理。
footer-hotline = 政务服务热线：{ $number }
loading = 正在加载，请稍候……
button-retry = 再试一次
button-back = 返回
button-continue = 继续

## Status messages, announced once through the live region

status-saved = 已保存
status-sending = 正在提交，请稍候……
status-sent = 已提交
# The outbox: said once when an application reaches the state, never on every check.
status-queued = 已保存，正在提交
status-retry-later = 还没有发出，会自动再试，内容不会丢失
status-needs-attention = 申请没有提交成功，需要您处理
# On the home page, one line per application that changed: "<service>：<status>".
status-application-update = { $service }：{ $status }
status-list-separator = ；

## Errors

error-summary-title = 有问题需要处理
# Read before the inline error message; visually hidden. In English it ends with a space ({" "}).
error-prefix = 错误：
# Put in front of the page title when the page shows an error.
error-title-prefix = 错误：

## Home

home-heading = 您要办什么事？
home-services-heading = 可以办理的事项
home-offline-note = 现在连不上办事系统，下面是上次保存的事项清单。您仍然可以填写申请，联网后再提交。
home-services-empty = 暂时没有可以办理的事项。
home-my-applications-heading = 我的申请
applications-empty = 您还没有申请。
status-label = 状态：
status-draft = 未提交
status-submitted = 已提交
applications-case-number = 办件编号：{ $number }
applications-continue = 继续填写：{ $service }
# Where a submitted application is (the outbox), in plain words, after "状态：".
outbox-state-sending = 已保存，正在提交
outbox-state-retry-later = 已保存，还没有发出
outbox-state-needs-attention = 需要您处理
outbox-sending-detail = 申请已保存在这台电脑上，正在发给办事系统，不需要您再做什么。
outbox-retry-detail = 暂时还没有发出。会在{ $time }自动再试，不需要您再做什么，填写的内容不会丢失。
outbox-retry-detail-soon = 暂时还没有发出。稍后会自动再试，不需要您再做什么，填写的内容不会丢失。
# The time of the next attempt, local time: "今天 14:05", or "11月30日 14:05".
outbox-time-today = 今天 { $time }
outbox-time-day = { $date } { $time }
# The backend refused the answers: opens the check page. Named with the service.
applications-change-answers = 修改答案：{ $service }

## Question page

question-progress = 第 { $current } 题，共 { $total } 题
# A long answer (textarea): the limit as a static hint, never a count announced while typing.
text-max-length = 最多可以填写 { $max } 个字
# Date: three labelled fields, year / month / day in Chinese order.
date-year = 年
date-month = 月
date-day = 日
# Shown under a date question that has no hint of its own.
date-example-hint = 例如：1946 年 3 月 27 日，依次填写 1946、3、27
# Yes/no questions: the two radios.
boolean-yes = 是
boolean-no = 否
# Read after each radio or checkbox (not shown): its place among the options.
choice-position = 第 { $position } 项，共 { $total } 项
# Hint of a multiple choice (checkboxes) that has no hint of its own.
choice-select-all = 可以选择多项
# Open choice: the last radio, and the label of the text field it reveals.
open-choice-other = 其他
open-choice-other-label = 请写明具体情况
# "Add another": the label of each input, its remove button, the add button, and the polite announcement.
repeat-item-label = 第 { $n } 项
repeat-remove = 删除第 { $n } 项
repeat-add = 添加一项
repeat-removed = 已删除第 { $n } 项

## Check answers

check-heading = 请核对您填写的内容
check-intro = 如果有需要修改的地方，请选“修改”。全部正确后，请选“提交申请”。
check-no-answer = 未填写
check-change = 修改
check-submit = 提交申请
# Between the option texts of one answer with several choices.
answer-separator = 、

## Confirmation

confirm-heading = 申请已提交
confirm-case-number-label = 您的办件编号
confirm-case-number-note = 请记下这个编号，查询办理进度时需要用到。
# The case number as a screen reader says it: each character, a pause between groups of four.
confirm-case-number-spoken = 您的办件编号：{ $characters }
case-number-group-separator = { "，" }
confirm-next-heading = 接下来会怎样
confirm-next-body = 有关部门会审核您的申请，承诺在 { $days } 个工作日内办结。办理结果会通知您。
confirm-help-heading = 需要帮助
confirm-help-body = 如有疑问，请拨打政务服务热线 { $number }。
confirm-print = 打印回执
confirm-home = 返回首页
# The application is saved on this computer and waits in the outbox (not accepted yet).
confirm-heading-saved = 申请已保存，正在提交
confirm-saved-next = 提交成功后，这里和首页“我的申请”中会显示您的办件编号。您可以留在这个页面，也可以返回首页。
# The backend refused it: the message from errors.ftl is shown, then the way forward.
confirm-heading-attention = 申请没有提交成功，需要您处理
confirm-attention-next = 请选“修改答案”，按提示改好后再提交。
confirm-change-answers = 修改答案

## Search (the home page)

search-label = 搜索要办的事
search-hint = 可以输入事项名称，也可以输入拼音或拼音首字母，例如“高龄津贴”、gaoling 或 gljt
search-button = 搜索
search-clear = 清除搜索
# The result count, shown as a heading over the results and announced once the typing pauses.
search-count = 找到 { $count } 项与“{ $query }”有关的事项
search-none = 没有找到与“{ $query }”有关的事项
search-none-help = 请换一种说法再试，例如少输入几个字。也可以拨打 12345 政务服务便民热线询问。

## Browsing the catalogue (the home page)

browse-life-events-heading = 按生活中遇到的事找
browse-departments-heading = 按办理部门找
browse-all-heading = 全部事项
# A life event or department button: its name and how many services it has.
browse-group-button = { $group }（{ $count } 项）
browse-group-heading = { $group }：{ $count } 项事项
browse-back = 返回全部事项

## Sign-in (登录, A12): a one-time code by SMS, no password or puzzle; and prefill from the records

sign-in-button = 登录
sign-out-button = 退出登录
signed-in-as = 已登录：{ $name }
signed-in-as-unnamed = 已登录
# The notice on the screen the resident returns to, also announced once.
sign-in-notice = 您已登录，登录人：{ $name }
sign-in-notice-unnamed = 您已登录
sign-out-notice = 您已退出登录。
sign-in-caption = 登录
sign-in-mobile-heading = 您的手机号码是多少？
sign-in-mobile-hint = 我们会用短信把验证码发到这个号码。不需要密码。
sign-in-send-code = 发送验证码
sign-in-code-heading = 请输入验证码
sign-in-code-hint = 验证码是 { $length } 位数字，已用短信发到 { $mobile }。可以直接粘贴。
# Practice mode: the code is shown because no SMS is sent.
sign-in-practice-note = 现在是练习模式，不会真的发短信，验证码显示在这里。正式使用时，验证码会用短信发到您的手机上。
sign-in-practice-code-label = 您的验证码：
sign-in-submit = 登录
sign-in-new-code = 重新发送验证码
sign-in-new-code-sent = 新的验证码已发送
# The voice alternative: a person on the hotline (the backend places no voice calls yet).
sign-in-voice-heading = 收不到或看不清短信？
sign-in-voice = 请拨打政务服务热线 { $number }，工作人员可以用电话帮您登录。在服务大厅，也可以请身边的工作人员帮忙。
# Prefill: on the question page (first in the hint) and on the check page.
prefill-hint = 这一项已按您的政府登记信息填好。请核对，如果不对可以直接修改。
check-prefilled = 来自您的政府登记信息

## Answers to look at again after the form changed (check answers)

review-heading = 表格已经更新，请再看一下这些回答
review-intro = 办事部门更新了这张表格。下面的回答和新表格对不上，提交前请修改或删除。您填写的其他内容都已保留。
# An answer to a question that is no longer on the form.
review-old-answer = 新表格里没有这个问题了。您原来的回答是：{ $answer }
review-remove = 删除回答：{ $answer }
review-removed = 已删除这个回答
## Following a case (办件进度), withdrawal and the rating (好差评)

# Home: each submitted application has a button naming its service.
applications-view = 查看办理进度：{ $service }
# A tag beside an application with events the resident has not seen.
applications-news = 有新进展
home-news-heading = 您的申请有新进展
# One line of the notice and of the announcement: "<service>：<status>".
home-news-item = { $service }：{ $status }
# The status of a case in plain words (the core names them: case-status-…).
case-status-submitted = 已提交，等待受理
case-status-accepted = 已受理
case-status-needs-more = 需要补充材料
case-status-supplemented = 补充的材料已收到，正在审核
case-status-in-progress = 正在办理
case-status-done = 已办结
case-status-rejected = 未获批准
case-status-withdrawn = 已撤回
# The case page.
case-caption = 办理进度
case-number-label = 办件编号
case-status-label = 当前状态
case-submitted-label = 提交时间
case-promised-label = 承诺时限
case-promised-days = { $days } 个工作日
case-new-events = 有 { $count } 条新进展，已在下方标为“新”。
case-offline-note = 现在连不上办事系统，下面是 { $time } 查询到的进度。
case-refresh = 刷新进度
case-back = 返回首页
case-next-heading = 接下来
case-next-wait = 部门正在办理。有新进展时，本应用会告诉您，您不需要做什么。
case-next-needs-more = 部门需要您补充下面的材料，才能继续办理。
case-next-supplemented = 您补充的材料已经收到，部门正在审核。
case-next-done = 已经办完了。请告诉我们您对这次办事是否满意。
case-next-done-rated = 已经办完了。谢谢您的评价。
case-next-rejected = 部门没有批准这次申请，原因见下方办理进度。如有疑问，请拨打 { $hotline }。
case-next-withdrawn = 您已撤回这次申请。如果还需要办理，可以重新申请。
case-materials-heading = 需要补充的材料
case-reason = 原因：{ $reason }
case-result = 结果：{ $result }
case-materials-how = 您可以在本应用中把这些材料拍照或扫描后补交：请选“补交材料”。也可以带上原件到政务服务中心，或拨打 { $hotline } 询问。
# A request that also asks for a form to be filled in: not answered in the app.
case-materials-how-in-person = 请带上这些材料的原件到政务服务中心办理，或拨打 { $hotline } 询问怎么提交。
case-timeline-heading = 办理记录
case-event-new = 新
case-event-submitted = 您提交了申请
case-event-accepted = 部门受理了您的申请
case-event-needs-material = 部门要求补充材料
case-event-supplemented = 补充的材料已收到
case-event-rejected = 部门没有批准这次申请
case-event-in-progress = 部门开始办理
case-event-done = 办结
case-event-withdrawn = 您撤回了申请
case-withdraw = 撤回申请
case-withdrawn-banner = 您的申请已撤回
# Desktop notification (the shell formats it in the UI's language).
case-news-title = 您的申请有新进展
case-news-body = { $service }：{ $status }
# Withdrawing: a confirmation page.
withdraw-heading = 确定要撤回这次申请吗？
withdraw-warning-label = 请注意
withdraw-warning = 撤回后，部门会停止办理，撤回不能取消。如果还需要办理，要重新申请。
withdraw-reason-label = 撤回的原因（可以不填）
withdraw-reason-hint = 只有办理部门能看到，最多 { $max } 个字。
withdraw-confirm = 确认撤回申请
withdraw-cancel = 不撤回，返回
# Rating (好差评): five levels, once per case.
rate-heading = 评价这次办事
rate-legend = 您对这次办事满意吗？
rate-level-5 = 非常满意
rate-level-4 = 满意
rate-level-3 = 一般
rate-level-2 = 不满意
rate-level-1 = 非常不满意
rate-comment-label = 还有什么想告诉我们的吗？（可以不填）
rate-comment-hint = 最多 { $max } 个字。
rate-comment-remaining = 还可以输入 { $count } 个字
rate-comment-over = 超出了 { $count } 个字
rate-submit = 提交评价
rate-once-note = 每件事只能评价一次，提交后不能修改。
rate-thanks-heading = 谢谢您的评价
rate-given = 您的评价：{ $level }
rate-comment-given = 您的意见：{ $comment }
rate-sent = 评价已提交，谢谢您

# A kiosk or service-centre counter: "Finish" ends a resident's visit and clears their data
finish-visit-button = 结束办理
finish-visit-heading = 结束办理，清除您在本机的资料？
finish-visit-what-goes = 结束后，您在本机填写的内容、上传的材料和登录状态都会清除，下一位使用的人看不到。
finish-visit-drafts = 本机上的 { $count } 份申请记录会被删除（没提交的要重新填写）
finish-visit-still-sending = { $count } 份申请还在发送，会继续发送，发送成功后从本机删除
finish-visit-settings = 字号、高对比度和语言恢复原样
finish-visit-discarded = 有 { $count } 份申请被退回需要修改，结束后会被删除，需要重新填写。
finish-visit-case-numbers = 已提交的申请不受影响：凭受理编号可以随时查询进度。
finish-visit-confirm = 结束并清除
finish-visit-cancel = 不结束，继续办理
visit-finished-notice = 您的资料已从本机清除。下一位可以直接选择要办的事项。

## Home: reminders (未诉先办)
home-reminders-heading = 待办提醒
reminders-signed-out = 登录以后，政府提醒您要办的事会显示在这里，比如每年的养老金资格认证。
reminders-sign-in = 登录查看提醒
reminders-none = 现在没有要办的事。
reminders-loading-failed = 提醒暂时读不出来。
reminder-due = 请在 { $date } 以前办理
reminder-start = 开始办理：{ $service }
reminder-dismiss = 不再提醒：{ $title }
reminder-dismissed = 已关闭提醒：{ $title }
reminders-new = 新的待办提醒：{ $titles }

# Attachments (材料): choosing, showing, removing and replacing files.
attachment-choose = 选择文件
attachment-choose-another = 再添加一个文件
attachment-kinds = 可以用手机拍的照片（JPG、PNG）或者扫描的 PDF 文件，每个不超过 20 MB
attachment-list-label = 已添加的文件
attachment-kind-photo = 照片
attachment-kind-pdf = PDF 文件
attachment-size-kb = { $n } KB
attachment-size-mb = { $n } MB
attachment-remove = 删除 { $name }
attachment-replace = 更换 { $name }
attachment-added = 文件已添加：{ $name }
attachment-replaced = 文件已更换：{ $name }
attachment-removed = 文件已删除：{ $name }

## A kiosk visit without use (IdleWarning.svelte)
idle-warning-heading = 您还需要更多时间吗？
idle-warning-text = 这台机器有一会儿没人使用了。为保护您的资料，如果没有人回应，本次办理会自动结束，您在本机填写的内容会被清除。
idle-seconds-left = 还剩 { $seconds } 秒
idle-more-time = 我还需要时间
idle-more-time-given = 好的，您可以继续办理

## 一件事一次办: a life-event bundle — several services as one journey, shared questions asked once

bundle-offer-heading = 几件事一起办
bundle-offer-services = 一次办好这 { $count } 件事：{ $services }
bundle-start-button = 一起办：{ $bundle }
bundle-offer-one-by-one = 也可以一件一件办
bundle-caption = 一件事一次办
bundle-intro = 这 { $count } 件事都要问的问题，只问您一次，会自动填到每一份申请里。最后您核对一遍，一次全部提交。
bundle-services-heading = 一起办的 { $count } 件事
bundle-begin = 开始办理：{ $bundle }
bundle-continue = 继续办理：{ $bundle }
bundle-question-shared = 这个问题只问一次，{ $count } 件事都会用到
bundle-question-for = 这个问题是为了：{ $service }
bundle-check-heading = 提交前请核对您的回答
bundle-check-intro = 下面是 { $count } 件事的全部回答。需要修改的，请选“修改”。都对了，请选最下面的按钮一次提交。
bundle-check-shared-heading = 只问一次、{ $count } 件事都用的回答
bundle-check-nothing-more = 这件事没有别的问题了。
bundle-change-shared = { $question }（所有事项都会改）
bundle-change-for = { $question }（{ $service }）
bundle-problem = { $service }：{ $problem }
bundle-submit = 一次提交 { $count } 份申请
bundle-confirm-heading = 申请都已提交
bundle-confirm-heading-saved = 申请已保存，正在提交
bundle-confirm-list-heading = 每件事的办理情况（共 { $count } 件）
bundle-case-number-spoken = { $service }的办件编号：{ $characters }
bundle-confirm-note = 请把每个办件编号记下来，查询进度时要用。
bundle-confirm-saved-next = 提交成功后，办件编号会显示在这里，也会显示在首页“我的申请”里。您可以留在这一页，也可以回首页。
bundle-group-note = 这 { $count } 份申请是一起办的

# Supplements (补正): the material a case asks for, sent from the app.
supplement-start = 补交材料
supplement-continue = 继续补交材料
supplement-check-heading = 请核对您要补交的材料
supplement-check-intro = 下面的文件会发给办理您申请的部门。
supplement-submit = 提交补交的材料
supplement-sending = 正在提交补交的材料，请稍候……
supplement-sent-heading = 补交的材料已提交
supplement-sent = 您补交的材料已经提交，部门会尽快审核。审核后，这里会告诉您进展。
supplement-waiting-heading = 补交的材料已保存，正在提交
supplement-waiting = 材料已保存在这台电脑上，会自动提交，您不需要做什么。
supplement-attention-heading = 补交的材料没有提交成功

## 12345 热线诉求（接诉即办）
hotline-home-heading = 12345 热线诉求
hotline-home-body = 遇到困难、有问题要问、对某件事不满意，或者有好的建议，都可以告诉 12345。会有人跟进，并告诉您结果。
hotline-start = 向 12345 反映问题
help-hotline-request = 也可以在这里直接向 12345 反映问题，不用打电话。
hotline-caption = 12345 热线诉求的进度
hotline-page-heading = 12345 诉求：{ $kind }
hotline-number-label = 诉求编号
hotline-created-label = 提交时间
hotline-description-label = 是什么事
hotline-location-label = 在哪里
hotline-photos-label = 照片
hotline-photos-none = 没有照片
hotline-anonymous-label = 是否匿名
hotline-anonymous-yes = 匿名：办理的单位不知道是您反映的，也不会打电话告诉您结果
hotline-anonymous-no = 不匿名：结果会打电话或发短信告诉 { $mobile }
hotline-type-consultation = 咨询
hotline-type-help = 求助
hotline-type-complaint = 投诉
hotline-type-report = 举报
hotline-type-suggestion = 建议
hotline-status-accepted = 12345 已受理
hotline-status-dispatched = 已派给负责的单位
hotline-status-handled = 负责的单位正在办理
hotline-status-replied = 负责的单位已答复
hotline-status-closed = 已办结
hotline-status-follow-up-visit = 已回访，请您评价
hotline-status-rated = 已评价，全部办完
hotline-next-wait = 12345 会把您的诉求交给负责的单位办理，有进展会在这里显示，您不用做什么。
hotline-next-replied = 负责的单位已经答复了，答复写在下面的进度里。之后 12345 会回访，问问您事情解决了没有。
hotline-next-rate = 12345 已经回访。请您为这次办理打个分，也可以写几句话。
hotline-next-rated = 谢谢您的评价。这件诉求已经全部办完了。
hotline-event-accepted = 12345 受理了您的诉求
hotline-event-dispatched = 派给了负责的单位
hotline-event-handled = 负责的单位开始办理
hotline-event-replied = 负责的单位答复了
hotline-event-closed = 办结了
hotline-event-follow-up-visit = 12345 回访
hotline-event-rated = 您评价了这次办理
hotline-rate-heading = 评价这次诉求的办理
hotline-rate-legend = 您对这次办理满意吗？
hotline-news = 诉求有新进展：{ $status }
hotline-no-news = 没有新进展
applications-hotline-number = 诉求编号：{ $number }
confirm-heading-hotline = 12345 诉求已送出
confirm-hotline-number-label = 您的诉求编号
confirm-hotline-number-spoken = 您的诉求编号：{ $characters }
confirm-hotline-number-note = 请记下这个编号，用它可以查进度。在首页“我的申请”里也能看到。
confirm-next-body-hotline = 12345 会把您的诉求交给负责的单位，一般 { $days } 个工作日内答复。办完后会回访，请您评价。
confirm-hotline-view = 查看诉求进度
confirm-heading-saved-hotline = 您的 12345 诉求已保存，正在送出
confirm-saved-next-hotline = 送出后，诉求编号会显示在这里，也会显示在首页“我的申请”里。您可以留在这一页，也可以回到首页。

## A kiosk calling a member of staff from the help panel (HelpPanel.svelte)
staff-call-heading = 请工作人员过来
staff-call-explained = 按下按钮，大厅里的工作人员会到这台机器前帮您办理。请留在这里。
staff-call-button = 呼叫工作人员
staff-call-waiting = 已呼叫工作人员，请留在这台机器前稍候。
staff-call-coming = 工作人员正在过来。
staff-call-cancel = 不需要了，取消呼叫
staff-call-cancelled = 已取消呼叫工作人员。

## Search also finds life-event bundles (ServiceSearch.svelte, Home.svelte)
search-bundles-found = { $count ->
    [one] 另有 1 个“一件事”可以一次办好。
   *[other] 另有 { $count } 个“一件事”可以一次办好。
}

## A request for material that also asks questions (CasePage.svelte)
case-request-heading = 部门需要您补充的内容
case-request-questions = 部门还有几个问题请您回答，补交时会先问这些问题。
case-request-how = 您可以在本应用中回答这些问题，并把需要的材料拍照或扫描后补交。也可以到政务服务中心办理，或拨打 { $hotline } 询问。
supplement-start-answers = 回答问题并补交
supplement-continue-answers = 继续回答问题并补交
case-next-needs-answers = 部门需要您回答下面提到的问题（如有材料，一并补交），才能继续办理。
staff-call-coming-with-note = 工作人员正在过来。{ $note }
