/**
 * The `aliyun` CLI's configuration file (`~/.aliyun/config.json`, what `aliyun configure` writes
 * and reads) holding one AK-mode profile for a new AccessKey. Built in the browser like the CSV:
 * the secret never makes a second trip.
 */
export const ALIYUN_CLI_PROFILE_FILE_NAME = 'aliyun-cli-profile.json';
export const ALIYUN_CLI_DEFAULT_REGION = 'cn-hangzhou';

/** Profile names: the RAM user name, or `default` for the account's own key. */
export function aliyunCliProfile(
  key: { accessKeyId: string; accessKeySecret: string },
  opts: { profileName?: string; regionId?: string } = {},
): string {
  const name = opts.profileName ?? 'default';
  const config = {
    current: name,
    profiles: [
      {
        name,
        mode: 'AK',
        access_key_id: key.accessKeyId,
        access_key_secret: key.accessKeySecret,
        region_id: opts.regionId ?? ALIYUN_CLI_DEFAULT_REGION,
        output_format: 'json',
        language: 'en',
      },
    ],
    meta_path: '',
  };
  return JSON.stringify(config, null, 2) + '\n';
}
