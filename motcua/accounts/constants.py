from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    """Optional uses of personal data that need the person's consent (DOMAIN.md §11)."""

    NOTIFY_EMAIL = "notify_email", _("Nhận thông báo về hồ sơ qua thư điện tử")
    NOTIFY_SMS = "notify_sms", _("Nhận thông báo về hồ sơ qua tin nhắn SMS")


#: What the person is told, per purpose, when asked (stored with each consent record).
CONSENT_STATEMENTS: dict[str, str] = {
    ConsentPurpose.NOTIFY_EMAIL: (
        "Tôi đồng ý để cơ quan dùng địa chỉ thư điện tử của tôi để gửi thông báo về tình "
        "trạng hồ sơ. Tôi có thể rút lại sự đồng ý bất cứ lúc nào trong trang Hồ sơ cá nhân."
    ),
    ConsentPurpose.NOTIFY_SMS: (
        "Tôi đồng ý để cơ quan dùng số điện thoại của tôi để gửi tin nhắn SMS thông báo về "
        "tình trạng hồ sơ. Tôi có thể rút lại sự đồng ý bất cứ lúc nào trong trang Hồ sơ cá "
        "nhân."
    ),
}
