import { useTranslation } from 'react-i18next';
import { TypeToConfirmDialog } from '../../../components/type-to-confirm-dialog';

/** Deleting cannot be undone, so the operator types the AccessKey ID to say which one they mean. */
export function DeleteAccessKeyDialog({
  accessKeyId,
  pending,
  onConfirm,
  onCancel,
}: {
  accessKeyId: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <TypeToConfirmDialog
      title={t('accessKeys.deleteTitle')}
      body={t('accessKeys.deleteBody', { id: accessKeyId })}
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
