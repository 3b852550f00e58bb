import { useTranslation } from 'react-i18next';
import { TypeToConfirmDialog } from '../../../components/type-to-confirm-dialog';

/**
 * The operator types the AccessKey ID to say which one they mean. A RAM user's key goes to RAM's
 * recycle bin for 30 days (restorable); the account's own key is gone for good.
 */
export function DeleteAccessKeyDialog({
  accessKeyId,
  toRecycleBin = false,
  pending,
  onConfirm,
  onCancel,
}: {
  accessKeyId: string;
  /** A RAM user's key: say it goes to the recycle bin. */
  toRecycleBin?: boolean;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <TypeToConfirmDialog
      title={t('accessKeys.deleteTitle')}
      body={
        toRecycleBin
          ? t('recycleBin.deleteKeyBody', { id: accessKeyId, days: 30 })
          : t('accessKeys.deleteBody', { id: accessKeyId })
      }
      fieldLabel={t('accessKeys.typeId')}
      fieldId="delete-access-key-id"
      expected={accessKeyId}
      confirmLabel={t('accessKeys.delete')}
      pending={pending}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
