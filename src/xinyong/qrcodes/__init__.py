"""信用二维码: a QR code per organisation that opens its public page, for products and shop windows."""
