import { useTranslation } from 'react-i18next';
import { TypeToConfirmDialog } from '../../../components/type-to-confirm-dialog';

/** Deleting a RAM user takes its AccessKeys with it: the operator types the name to confirm. */
export function DeleteUserDialog({
  userName,
  pending,
  onConfirm,
  onCancel,
}: {
  userName: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <TypeToConfirmDialog
      title={t('users.deleteTitle')}
      body={
        <>
          {t('users.deleteBody', { userName })} {t('recycleBin.deleteUserNote', { days: 30 })}
        </>
      }
      fieldLabel={t('users.typeName')}
      fieldId="delete-user-name"
      expected={userName}
      confirmLabel={t('users.delete')}
      pending={pending}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
