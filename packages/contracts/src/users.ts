import { z } from 'zod';
import { RamUserName } from './common.js';

export const RamUser = z.object({
  userId: z.string(),
  userName: z.string(),
  displayName: z.string(),
  comments: z.string(),
  createDate: z.string(),
  updateDate: z.string().nullable(),
  userPrincipalName: z.string(),
});
export type RamUser = z.infer<typeof RamUser>;

/** Users list order: RAM's own (absent), by logon name or by creation, `-` for descending. */
export const UserSort = z.enum(['userName', '-userName', 'createDate', '-createDate']);
export type UserSort = z.infer<typeof UserSort>;

export const ListUsersQuery = z.object({
  marker: z.string().max(512).optional(),
  maxItems: z.coerce.number().int().min(1).max(1000).optional(),
  /** Case-insensitive prefix/substring filter on user name and display name. */
  q: z.string().max(128).optional(),
  sort: UserSort.optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const ListUsersResponse = z.object({
  users: z.array(RamUser),
  isTruncated: z.boolean(),
  marker: z.string().nullable(),
  /**
   * How many users the whole list (or sorted search) has, from the console's user directory; null
   * for an unsorted search with more pages (it stops at the page instead of counting).
   */
  total: z.number().int().nullable(),
});
export type ListUsersResponse = z.infer<typeof ListUsersResponse>;

export const DisplayName = z
  .string()
  .min(1, 'Display name is required')
  .max(128, 'Display name must be at most 128 characters');

export const CreateUserRequest = z.object({
  userName: RamUserName,
  displayName: DisplayName,
  comments: z.string().max(128, 'Comments must be at most 128 characters').optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UserResponse = z.object({ user: RamUser });
export type UserResponse = z.infer<typeof UserResponse>;

export const UserParams = z.object({ userName: RamUserName });
