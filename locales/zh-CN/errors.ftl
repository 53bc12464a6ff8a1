# Messages the Rust core returns as { id, args }: validation errors and failures.
# The UI shows them through Fluent; the ids are stable API between Rust and the UI.

error-required = 请回答这个问题
error-too-long = 最多可以填写 { $max } 个字，您填写了 { $actual } 个
error-id-length = 公民身份号码应为 18 位，您填写了 { $actual } 位
error-id-characters = 公民身份号码只能包含数字，最后一位可以是 X
error-id-area = 公民身份号码的前 6 位不是有效的地区代码
error-id-birth-date = 公民身份号码第 7 到 14 位应是真实的出生日期
error-id-check-digit = 公民身份号码的最后一位（校验码）不正确，请逐位核对
error-mobile-format = 手机号码应为 11 位数字，以 1 开头，例如 138 0013 8000
error-network = 暂时连不上办事系统。您填写的内容已保存，请稍后再试，或拨打 { $hotline } 求助
error-backend = 办事系统暂时无法处理您的申请。您填写的内容已保存，请稍后再试
error-not-found = 没有找到这项内容，请返回首页重新选择
error-storage = 无法在本机保存数据（磁盘可能已满）。请联系工作人员
error-internal = 出现了意外的问题。您填写的内容已保存，请拨打 { $hotline } 求助
error-invalid-answers = 有些回答需要修改，请逐项查看
error-form-malformed = 这项服务的表格暂时有问题，无法填写。请稍后再试，或拨打 { $hotline } 求助
error-already-submitted = 这份申请已经提交，不能再修改
error-keyring = 这台电脑的安全密钥存储目前无法使用，所以不能安全地保存您的个人信息。我们不会在没有保护的情况下保存这些信息。请联系工作人员，或拨打 { $hotline } 求助
error-submission-refused = 办事系统没有接收这份申请。您填写的内容已保存在这台电脑上，请联系工作人员，或拨打 { $hotline } 求助

error-select-required = 请选择一项
error-date-required = 请填写日期，包括年、月、日
error-attachment-required = 请添加这份材料
error-too-many = 最多可以填写 { $max } 项
error-integer-format = 请填写一个整数，只用数字，例如 3
error-decimal-format = 请填写一个数字，例如 12.5
error-number-min = 不能小于 { $min }
error-number-max = 不能大于 { $max }
error-date-missing-day = 日期还缺“日”
error-date-missing-month = 日期还缺“月”
error-date-missing-year = 日期还缺“年”
error-date-year-digits = 年份应为 4 位数字，例如 1946
error-date-not-real = 这不是一个真实的日期，请检查年、月、日
error-date-before = 日期不能早于 { $date }
error-date-after = 日期不能晚于 { $date }
error-choice-invalid = 请从列出的选项中选择
error-attachment-invalid = 这份材料无法识别，请重新添加
error-name-characters = 姓名只能包含汉字，少数民族姓名中间可以有“·”
error-name-too-short = 姓名至少要有两个汉字
error-postcode-format = 邮政编码应为 6 位数字，例如 100010
error-not-asked = 这个问题不需要回答，但提交了答案
error-config = 本机设置的办事系统地址有误，无法连接。请联系工作人员，或拨打 { $hotline } 求助
error-signed-out = 您还没有登录，或已经退出登录。请重新登录
error-session-expired = 登录已超时，为保护您的信息已自动退出。请重新登录，已填写的内容都还在
error-invalid-request = 发送的内容有误，无法办理。请返回重试，或请工作人员帮忙
error-case-state = 这件事现在的状态不能这样办理。请刷新后查看最新进展
error-already-rated = 您已经评价过了，每件事只能评价一次。谢谢您
error-in-flight = 上一次提交还在处理中，请稍等片刻，不用重复提交
error-forbidden = 当前登录的身份不能查看或办理这一项。如需帮助，请联系工作人员
error-upload-failed = 文件没有传上去。请再试一次，或者请工作人员帮忙
error-upload-empty = 这个文件是空的，里面什么也没有。请换一个文件
error-upload-too-large = 这个文件太大了，最大只能传 { $maxMb } MB。可以把照片拍得小一些再传
error-upload-type = 只能传照片（JPG 或 PNG）或者 PDF 文件
error-upload-interrupted = 文件传到一半断开了。会从断开的地方接着传，不用重新开始
error-upload-damaged = 文件在传送中损坏了，正在重新传送
error-upload-incomplete = 这份材料还没有传完。请等它传完再提交
error-upload-unknown = 找不到您添加的这份材料。请重新添加
error-storage-full = 本机的磁盘已满，刚才填写的内容没有保存。之前保存的内容都还在。请联系工作人员腾出空间
error-storage-read-only = 本机的存储现在只能读取、不能写入，刚才填写的内容没有保存。之前保存的内容都还在。请联系工作人员
error-answer-needs-review = 表格已经更新，这个回答需要您再看一下：请修改，或者删除它

# Sign-in, delegations (亲友代办) and submissions in flight
error-sign-in-code-wrong = 验证码不正确，请核对后重新输入。您还可以再试 { $attemptsLeft } 次
error-sign-in-code-expired = 这个验证码已失效。请重新获取验证码
error-sign-in-code-too-many-tries = 验证码输错次数太多，这个验证码已失效。请重新获取验证码
error-staff-sign-in-failed = 工号或密码不正确，请核对后重试
error-device-registration-refused = 设备注册码不正确。请向服务中心核对注册码
error-submission-in-flight = 这份申请正在提交中，请稍等，不要重复提交
error-delegation-consent-online = 您本人在网上办理授权时，请选择“本人在线同意”
error-delegation-consent-staff = 工作人员登记授权时，请选择“本人到场确认”或“已签署纸质授权书”
error-delegation-evidence-required = 请提供授权的证明材料，例如签字的授权委托书
error-delegation-unknown-resident = 找不到被代办人或代办人的信息，请核对后重试
error-delegation-self = 不能授权给自己，请选择代办的亲友
error-delegation-scope = 请至少选择一项可以代办的事项
error-delegation-dates = 授权的起止日期不正确：结束日期应晚于今天和开始日期，且最长五年
error-delegation-required = 替别人办事需要对方的授权。请先办理亲友代办授权
error-delegation-not-yours = 这份授权不是给您的，不能用它替对方办事
error-delegation-revoked = 这份授权已被撤销，不能再替对方办事
error-delegation-expired = 这份授权已经过期，需要对方重新授权
error-delegation-not-yet-valid = 这份授权还没有到生效日期，请到时再办理
error-delegation-out-of-scope = 这份授权不包括这一项业务，需要对方增加授权范围
error-sign-in-code-too-often = 这个号码刚才已经收到好几次验证码了。请 { $minutes } 分钟后再获取，或请工作人员帮忙

# 服务器对无法读取的请求的回答（problem+json 的 message id）
error-bad-request = 办事系统没能读懂本机发来的内容。您填写的内容已保存；请再试一次，如果仍然不行，请联系工作人员
error-method-not-allowed = 本机向办事系统提出请求的方式不对。您填写的内容已保存；请联系工作人员
error-too-large = 要发送的内容太大，无法一次发出。您填写的内容已保存；请把文件改小一些，或联系工作人员
error-unsupported-media-type = 本机发来的内容格式办事系统无法接收。您填写的内容已保存；请联系工作人员
error-rating-level = 请选择一项：从“非常满意”到“非常不满意”

# Sign-in (登录): the app's own checks before a code is asked for or sent
error-sign-in-mobile-required = 请输入您的手机号码
error-sign-in-code-required = 请输入收到的验证码

# A kiosk's "Finish": the resident's data left the database, but not the page's own storage
error-visit-not-cleared = 您的申请资料已从本机删除，但本机浏览器的缓存没有清除干净。请告诉工作人员，在清除之前不要让下一位使用
error-too-many-files = 最多只能添加 { $max } 个文件。要换一个，请先删掉一个

# A kiosk's call for staff did not reach the system (HelpPanel.svelte)
error-staff-call-failed = 呼叫没有发出：这台机器现在连不上系统。请向附近的工作人员招手，或到服务台，也可以拨打 { $hotline }。
