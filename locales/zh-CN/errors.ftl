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
error-network = 暂时连不上办事系统。您填写的内容已保存，请稍后再试，或拨打 12345 求助
error-backend = 办事系统暂时无法处理您的申请。您填写的内容已保存，请稍后再试
error-not-found = 没有找到这项内容，请返回首页重新选择
error-storage = 无法在本机保存数据（磁盘可能已满）。请联系工作人员
error-internal = 出现了意外的问题。您填写的内容已保存，请拨打 12345 求助
error-invalid-answers = 有些回答需要修改，请逐项查看
error-form-malformed = 这项服务的表格暂时有问题，无法填写。请稍后再试，或拨打 12345 求助
error-already-submitted = 这份申请已经提交，不能再修改
