/** The shop DB the CLIs use when neither `--url` nor SHOP_DB_URL says otherwise: the local stack. */
export const defaultShopDbUrl = 'mysql://root@127.0.0.1:3306/keel_shop';

export function shopDbUrl(flag: string | undefined): string {
  return flag ?? process.env['SHOP_DB_URL'] ?? defaultShopDbUrl;
}
