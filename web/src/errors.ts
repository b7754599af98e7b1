// The API's errors in the user's language. The server's `message` is English detail for logs and
// may be reworded; its `code` is stable (docs/error-codes.md), so the text shown is chosen by code:
// a sentence per code the console's flows can meet, then a sentence per code family, then a
// generic one naming the code. The server's message stays visible as a smaller second line.
// An invalid_field answer names the field and the rule it breaks ("rule": a validate.* code, or a
// protocol.request_package.* code for seal.requestPackage).
import { ApiError } from './api';
import { locale, t } from './i18n';

type Table = Record<string, string>;

const zh: Table = {
  bad_request: '请求无法识别（不是 JSON 对象或无法读取）',
  forbidden: '您的角色无权执行此操作',
  internal: '平台内部错误，请联系管理员（详情见服务器日志）',
  not_found: '请求的接口不存在',
  rate_limited: '请求过于频繁，请稍后再试',
  unauthenticated: '请先登录',
  http: '服务器未给出可识别的答复',
  network: '无法连接服务器，请检查网络后重试',
  'application.conflict': '该印章已有进行中的申请，请先处理完该申请',
  'application.illegal_transition': '申请当前的状态不允许此操作（可能已被他人处理，请刷新）',
  'application.not_found': '申请不存在',
  'approval.conflict': '该用章审批已处理过',
  'approval.not_found': '用章审批不存在',
  'auth.api_key_not_found': 'API 密钥不存在',
  'auth.bad_credentials': '用户名或密码错误',
  'auth.bad_role': '角色无效',
  'auth.bad_token': '登录已过期，请重新登录',
  'auth.bad_username': '用户名长度应为 1–64 个字符',
  'auth.throttled': '登录失败次数过多，请一分钟后再试',
  'auth.user_exists': '同名用户已存在',
  'auth.user_not_found': '用户不存在',
  'auth.weak_password': '密码太短',
  'batch.not_found': '批量签章任务不存在',
  'batch.not_signed': '该文档尚未签章成功',
  'downloads.not_found': '该工具未发布',
  'grant.approval_required': '该授权每次用章都需审批：请先申请审批，批准后再签章',
  'grant.expired': '不在授权的有效期内',
  'grant.kind': '授权不允许此类文档',
  'grant.none': '您没有此印章的用章授权',
  'grant.not_found': '授权不存在',
  'grant.quota': '授权的每日或总用章次数已用完',
  'protocol.request_package.bad_algorithm': '申请数据包不是 SM2/SM3 签名',
  'protocol.request_package.bad_certificate': '申请数据包中的系统证书不可用',
  'protocol.request_package.bad_csr': '申请数据包中的证书请求不可用',
  'protocol.request_package.bad_nonce': '申请数据包的随机数缺失或格式错误',
  'protocol.request_package.bad_signature': '申请数据包的签名验证失败',
  'protocol.request_package.certificate_expired': '申请数据包的系统证书不在有效期内',
  'protocol.request_package.key_mismatch': '申请数据包的密钥与其证书不匹配',
  'protocol.request_package.malformed': '申请数据包格式错误',
  'protocol.request_package.uscc_mismatch': '申请数据包的统一社会信用代码与申请不一致',
  'protocol.request_package.seal_mismatch': '申请数据包的印章名称或类别与申请不一致',
  'protocol.request_package.stale': '申请数据包已过期（超过 30 天）或时间在未来，请重新生成',
  'protocol.request_package.replayed': '该申请数据包已用于另一份申请，请在签章服务中重新生成',
  'protocol.request_package.carrier': '申请数据包只用于服务器（集中式）载体的印章',
  'province.unavailable': '省级平台暂时无法连接，请稍后再试',
  'province.rejected': '省级平台拒绝了请求',
  'request.too_large': '上传的内容超过服务允许的大小',
  'ofd.keyword.empty': '关键字为空',
  'ofd.place.keyword_not_found': '文档中找不到该关键字',
  'pdf.sign.keyword_not_found': '文档中找不到该关键字（或没有所要求的第几处）',
  'pdf.text.bad_keyword': '关键字为空或不是有效的文字',
  'seal.bad_download': '从省级平台下载的印章验证失败',
  'seal.cert_in_use': '该签名证书已用于其他印章',
  'seal.exists': '印章编码已被占用',
  'seal.illegal_transition': '印章当前的状态不允许此操作',
  'seal.no_image': '印章没有可显示的图片',
  'seal.not_found': '印章不存在',
  'seal.not_ready': '印章尚未制作完成',
  'seal_request.not_found': '申请数据包不存在',
  'signing.device.no_key_generation': '密码设备没有可用的预生成密钥',
  'signing.document.no_page': '文档没有该页',
  'signing.document.not_found': '文档已过期或不存在，请重新上传',
  'signing.document.not_ofd': '文件不是 OFD 文档',
  'signing.document.not_pdf': '文件不是 PDF 文档',
  'signing.document.unknown_format': '文件既不是 PDF 也不是 OFD 文档',
  'signing.import.bad_key': '印章的签名证书与为该申请生成的密钥不符',
  'signing.import.bad_seal': '文件不是可识别的印章文件 (.esl)',
  'signing.import.conflict': '该印章已导入',
  'signing.import.seal_invalid': '印章验证失败',
  'signing.platform.unavailable': '无法从管理平台确认印章状态，请稍后再试',
  'signing.platform.untrusted': '管理平台的状态应答签名不可信',
  'signing.seal.disabled': '该印章已在本系统停用',
  'signing.seal.no_raster_picture': '印章图片是矢量图，浏览器无法显示',
  'signing.seal.not_found': '本系统没有该印章',
  'signing.seal.not_in_force': '管理平台报告该印章已冻结、挂失、注销、撤销或过期，不能用章',
  'status.fetch.unreachable': '无法连接状态查询服务',
  'time.bad_format': '时间格式错误',
  'time.out_of_range': '日期不存在',
  'ukey.bad_serial': '插入的 UKey 不是为该印章签发的',
  'ukey.no_blank_device': '制证工位没有空白 UKey',
  'ukey.not_found': '平台没有为该印章签发 UKey',
  'ukey.station_unavailable': '平台没有配置 UKey 制证工位，请改用“服务器”载体或上传单位自备证书',
  'util.base64.bad_character': '内容不是有效的 Base64',
  'util.base64.truncated': 'Base64 内容不完整',
  // validate.*: the rule an invalid_field answer names (without the values the form's own
  // messages show: the server does not send them apart from its English text).
  'validate.uscc.length': '统一社会信用代码应为 18 位',
  'validate.uscc.character': '统一社会信用代码含有无效字符',
  'validate.uscc.check_character': '统一社会信用代码校验码错误',
  'validate.id_number.length': '身份证号应为 18 位',
  'validate.id_number.character': '身份证号含有无效字符',
  'validate.id_number.birth_date': '身份证号中的出生日期无效',
  'validate.id_number.check_character': '身份证号校验码错误',
  'validate.mobile.format': '手机号格式错误',
  'validate.region.format': '行政区划代码应为 6 位数字',
  'validate.region.unknown': '行政区划代码不在 GB/T 2260 代码表中',
  'validate.seal_category.unknown': '印章类别应为 01–05',
  'validate.seal_name.empty': '印章名称不能为空',
  'validate.seal_name.too_long': '印章名称超过 160 字节',
  'validate.seal_size.format': '印章尺寸应为毫米数',
  'validate.seal_size.range': '印章尺寸应在 10–100 mm 之间',
  'validate.seal_code.format': '印章编码格式错误',
  'validate.seal_code.region': '印章编码中的行政区划无效',
  'validate.seal_carrier.unknown': '印章载体无效',
  'validate.seal_type.unsupported': '印章图片类型应为 PNG',
  'validate.image.base64': '印章图片不是有效的 Base64',
  'validate.image.bit_depth': '印章图片应为 PNG8（位深 ≤ 8）',
  'validate.image.colours': '印章图片应恰好两种颜色',
  'validate.image.decode_failed': '印章图片 PNG 已损坏',
  'validate.image.dpi': '印章图片应为 600 DPI',
  'validate.image.not_png': '印章图片不是 PNG',
  'validate.image.too_large': '印章图片超过大小限制（25 KB）',
  'validate.time.format': '时间格式应为 yyyy-MM-dd HH:mm:ss',
  'validate.time.order': '有效期止必须晚于有效期起',
  'validate.sign_cert.base64': '签名证书不是有效的 Base64',
  'validate.sign_cert.expired': '签名证书已过期',
  'validate.sign_cert.is_ca': '签名证书是 CA 证书，不能用于印章',
  'validate.sign_cert.key_usage': '签名证书不允许数字签名',
  'validate.sign_cert.not_sm2': '签名证书不是 SM2 密钥',
  'validate.sign_cert.not_yet_valid': '签名证书尚未生效',
  'validate.sign_cert.parse': '签名证书无法解析',
  'validate.sign_cert.subject': '签名证书主题不符合 GM/T 0015',
  'validate.bak_type.unknown': '备案类型无效',
  'validate.local_or.unknown': '本地标识无效',
  'validate.org_code.empty': '机构代码为空',
  'validate.org_code.mismatch': '机构代码与注册包不一致',
};

const en: Table = {
  bad_request: 'The request could not be read', forbidden: 'Your roles do not allow this',
  internal: 'Internal error in the platform; ask the administrator (details in the server log)',
  not_found: 'No such endpoint', rate_limited: 'Too many requests; try again shortly', unauthenticated: 'Log in first',
  http: 'The server gave no answer the console understands', network: 'The server cannot be reached; check the network and retry',
  'application.conflict': 'The seal already has an application in progress',
  'application.illegal_transition': "The application's state does not allow this (someone may have decided it: reload)",
  'application.not_found': 'No such application', 'approval.conflict': 'This approval was already decided',
  'approval.not_found': 'No such approval', 'auth.api_key_not_found': 'No such API key',
  'auth.bad_credentials': 'Wrong user name or password', 'auth.bad_role': 'Unknown role',
  'auth.bad_token': 'Your session has expired; log in again', 'auth.bad_username': 'A user name has 1–64 characters',
  'auth.throttled': 'Too many failed log-ins; wait a minute', 'auth.user_exists': 'A user of that name exists',
  'auth.user_not_found': 'No such user', 'auth.weak_password': 'The password is too short',
  'batch.not_found': 'No such batch job', 'batch.not_signed': 'That document is not signed',
  'downloads.not_found': 'That tool is not published',
  'grant.approval_required': 'Each use of this grant needs approval: ask for it, then sign once it is approved',
  'grant.expired': "Outside the grant's time window", 'grant.kind': 'The grant does not allow this kind of document',
  'grant.none': 'You hold no grant of this seal', 'grant.not_found': 'No such grant',
  'grant.quota': "The grant's daily or total uses are used up",
  'protocol.request_package.bad_algorithm': 'The request package is not signed with SM2/SM3',
  'protocol.request_package.bad_certificate': "The request package's certificate is not usable",
  'protocol.request_package.bad_csr': "The request package's certificate request is not usable",
  'protocol.request_package.bad_nonce': "The request package's nonce is missing or malformed",
  'protocol.request_package.bad_signature': "The request package's signature does not verify",
  'protocol.request_package.certificate_expired': "The request package's certificate is not valid now",
  'protocol.request_package.key_mismatch': "The request package's key does not match its certificate",
  'protocol.request_package.malformed': 'The request package is malformed',
  'protocol.request_package.uscc_mismatch': "The request package's credit code differs from the application's",
  'protocol.request_package.seal_mismatch': "The request package's seal name or category differs from the application's",
  'protocol.request_package.stale': 'The request package is over 30 days old or dated in the future: make a new one',
  'protocol.request_package.replayed': 'This request package was already filed with another application; make a new one',
  'protocol.request_package.carrier': 'A request package goes only with a seal on a server (centralised) carrier',
  'province.unavailable': 'The provincial platform cannot be reached; try later', 'province.rejected': 'The provincial platform refused the request',
  'request.too_large': 'The upload is larger than the service takes',
  'ofd.keyword.empty': 'The keyword is empty', 'ofd.place.keyword_not_found': 'The keyword does not occur in the document',
  'pdf.sign.keyword_not_found': 'The keyword (or the occurrence asked for) is not in the document',
  'pdf.text.bad_keyword': 'The keyword is empty or not valid text',
  'seal.bad_download': 'The seal downloaded from the province does not verify', 'seal.cert_in_use': 'The signer certificate serves another seal',
  'seal.exists': 'The seal code is taken', 'seal.illegal_transition': "The seal's status does not allow this",
  'seal.no_image': 'The seal has no picture', 'seal.not_found': 'No such seal', 'seal.not_ready': 'The seal is not made yet',
  'seal_request.not_found': 'No such request package', 'signing.device.no_key_generation': 'The crypto device has no free key',
  'signing.document.no_page': 'The document has no such page', 'signing.document.not_found': 'The document expired or does not exist: upload it again',
  'signing.document.not_ofd': 'Not an OFD document', 'signing.document.not_pdf': 'Not a PDF document',
  'signing.document.unknown_format': 'Neither a PDF nor an OFD document',
  'signing.import.bad_key': "The seal's certificate is not for the key made for its request",
  'signing.import.bad_seal': 'Not a seal file (.esl)', 'signing.import.conflict': 'The seal is already imported',
  'signing.import.seal_invalid': 'The seal does not verify',
  'signing.platform.unavailable': "The seal's status at the platform cannot be established; try later",
  'signing.platform.untrusted': "The platform's status answer is not signed by the trusted signer",
  'signing.seal.disabled': 'The seal is disabled here', 'signing.seal.no_raster_picture': "The seal's picture is vector art a browser cannot show",
  'signing.seal.not_found': 'This service holds no such seal',
  'signing.seal.not_in_force': 'The platform reports the seal frozen, lost, cancelled, revoked or expired',
  'status.fetch.unreachable': 'The status service cannot be reached', 'time.bad_format': 'Bad time format', 'time.out_of_range': 'No such date',
  'ukey.bad_serial': 'This UKey is not the one issued for the seal', 'ukey.no_blank_device': 'The issuing station has no blank UKey left',
  'ukey.not_found': 'The platform issued no UKey for the seal',
  'ukey.station_unavailable': 'The platform has no UKey issuing station: choose carrier “server” or upload the unit’s own certificate',
  'util.base64.bad_character': 'Not valid base64', 'util.base64.truncated': 'The base64 text ends early',
  'validate.uscc.length': 'The credit code has 18 characters', 'validate.uscc.character': 'The credit code has an invalid character',
  'validate.uscc.check_character': "The credit code's check character is wrong", 'validate.id_number.length': 'An ID number has 18 characters',
  'validate.id_number.character': 'The ID number has an invalid character', 'validate.id_number.birth_date': "The ID number's birth date is not valid",
  'validate.id_number.check_character': "The ID number's check character is wrong", 'validate.mobile.format': 'Bad mobile number',
  'validate.region.format': 'A region code is six digits', 'validate.region.unknown': 'Not in the GB/T 2260 region list',
  'validate.seal_category.unknown': 'The category is 01–05', 'validate.seal_name.empty': 'The seal name is required',
  'validate.seal_name.too_long': 'The seal name exceeds 160 bytes', 'validate.seal_size.format': 'A size in millimetres',
  'validate.seal_size.range': 'Between 10 and 100 mm', 'validate.seal_code.format': 'Bad seal code', 'validate.seal_code.region': "The seal code's region is unknown",
  'validate.seal_carrier.unknown': 'Unknown carrier', 'validate.seal_type.unsupported': 'The seal image must be PNG',
  'validate.image.base64': 'The seal image is not base64', 'validate.image.bit_depth': 'The seal image must be PNG8 (bit depth ≤ 8)',
  'validate.image.colours': 'The seal image must have exactly two colours', 'validate.image.decode_failed': 'The seal image PNG is damaged',
  'validate.image.dpi': 'The seal image must be 600 DPI', 'validate.image.not_png': 'The seal image is not a PNG',
  'validate.image.too_large': 'The seal image exceeds the size limit (25 KB)', 'validate.time.format': 'Use yyyy-MM-dd HH:mm:ss',
  'validate.time.order': 'Valid to must be after valid from', 'validate.sign_cert.base64': 'The signer certificate is not base64',
  'validate.sign_cert.expired': 'The signer certificate has expired', 'validate.sign_cert.is_ca': 'The signer certificate is a CA certificate',
  'validate.sign_cert.key_usage': 'The signer certificate does not allow signing', 'validate.sign_cert.not_sm2': 'The signer certificate has no SM2 key',
  'validate.sign_cert.not_yet_valid': 'The signer certificate is not yet valid', 'validate.sign_cert.parse': 'The signer certificate cannot be read',
  'validate.sign_cert.subject': "The signer certificate's subject breaks GM/T 0015", 'validate.bak_type.unknown': 'Unknown bakType',
  'validate.local_or.unknown': 'Unknown localOr', 'validate.org_code.empty': 'orgCode is empty', 'validate.org_code.mismatch': 'orgCode differs from the registration',
};

// Families: the first matching prefix speaks for codes without a sentence of their own.
const families: [string, string, string][] = [
  ['der.', '数据不是有效的 DER 编码（文件已损坏或不是所需的文件）', 'Not valid DER (a damaged or wrong file)'],
  ['protocol.request_package.', '申请数据包无效', 'The request package is not valid'],
  ['crypto.', '密码运算或证书校验失败', 'A cryptographic or certificate check failed'],
  ['keys.', '密码设备或 UKey 出错', 'The crypto device or UKey failed'],
  ['province.', '省级平台通信出错', 'The provincial platform link failed'],
  ['validate.', '字段不符合规则', 'The field breaks a rule'],
  ['signing.', '签章服务出错', 'The signing service failed'],
  ['status.', '印章状态查询出错', 'The seal status query failed'],
  ['ukey.', 'UKey 出错', 'UKey failure'],
  ['store.', '数据库出错，请联系管理员', 'Database failure; ask the administrator'],
  ['io.', '服务器文件读写出错，请联系管理员', 'Server file failure; ask the administrator'],
  ['pdf.', 'PDF 文档无法读取或处理（文件已损坏或不受支持）', 'The PDF cannot be read or processed (damaged or unsupported)'],
  ['ofd.', 'OFD 文档无法读取或处理（文件已损坏或不受支持）', 'The OFD cannot be read or processed (damaged or unsupported)'],
  ['invalid_field', '字段不符合规则', 'A field breaks a rule'],
];

// The console's labels of the request fields an invalid_field answer can name.
const fieldLabels: Record<string, string> = {
  'unit.uscc': 'f.uscc', 'unit.regionCode': 'f.regionCode', 'unit.unitType': 'f.unitType', 'unit.name': 'f.unitName', 'unit.address': 'f.address',
  'legalRep.name': 'f.name', 'legalRep.idNumber': 'f.idNumber', 'legalRep.mobile': 'f.mobile',
  'agent.name': 'f.name', 'agent.idNumber': 'f.idNumber', 'agent.mobile': 'f.mobile',
  'approver.name': 'f.approverName', 'approver.regionCode': 'f.regionCode',
  'seal.name': 'f.sealName', 'seal.category': 'f.category', 'seal.widthMm': 'f.widthMm', 'seal.heightMm': 'f.heightMm',
  'seal.carrier': 'f.carrier', 'seal.validFrom': 'f.validFrom', 'seal.validTo': 'f.validTo', 'seal.imagePng': 'f.image',
  'seal.requestPackage': 'f.requestPackage', 'seal.signerCertPem': 'f.signerCertPem',
};
const groupLabels: Record<string, string> = { legalRep: 'form.legalRep', agent: 'form.agent', approver: 'form.approver' };

export function fieldLabel(field: string): string {
  const key = fieldLabels[field];
  if (!key) return field;
  const group = groupLabels[field.split('.')[0]];
  return group ? `${t(group)} · ${t(key)}` : t(key);
}

// The sentence for a code: its own, its family's, or a generic one that names it.
export function codeText(code: string): string {
  const table = locale.value === 'en' ? en : zh;
  if (table[code]) return table[code];
  const family = families.find(([prefix]) => code.startsWith(prefix));
  if (family) return locale.value === 'en' ? `${family[2]} (${code})` : `${family[1]}（${code}）`;
  return locale.value === 'en' ? `The request failed (error code ${code})` : `操作未成功（错误代码 ${code}）`;
}

export interface Shown { text: string; detail: string; code: string }

// What to show for an error: the sentence, and the server's own words as detail. For an
// invalid_field the rule (sent, or the "(code)" the request package check ends its message
// with) picks the sentence, after the field's label; `withField` false leaves the label out
// (the message already sits at its field).
export function describe(e: unknown, withField = true): Shown {
  if (e instanceof ApiError) {
    let code = e.code;
    if (code === 'invalid_field') {
      const rule = e.rule ?? '';
      const sentence = rule ? codeText(rule) : codeText('validate.');
      const text = withField && e.field ? `${fieldLabel(e.field)}${locale.value === 'en' ? ': ' : '：'}${sentence}` : sentence;
      return { text, detail: `${rule || code} · ${e.message}`, code };
    }
    if (code === 'http') code = e.status === 413 ? 'request.too_large' : e.status === 429 ? 'rate_limited' : 'http';
    return { text: codeText(code), detail: `${e.code} · ${e.message}`, code: e.code };
  }
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof TypeError) return { text: codeText('network'), detail: message, code: 'network' };
  return { text: message, detail: '', code: '' };
}

// One string for the banners (ErrorText shows the second line smaller).
export function errorText(e: unknown, withField = true): string {
  const d = describe(e, withField);
  return d.detail ? `${d.text}\n${d.detail}` : d.text;
}

// An error the server stored as text, "code: message" (a batch job's failed document): the
// sentence for the code, and the stored text as detail. Text without a code is shown as it is.
export function storedErrorText(stored: string): string {
  const match = /^([a-z_][a-z0-9_.]*): /.exec(stored);
  if (!match) return stored;
  const code = match[1];
  return `${codeText(code)}\n${code} · ${stored.slice(match[0].length)}`;
}
