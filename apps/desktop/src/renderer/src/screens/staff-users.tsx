import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { client, errorText, formatTime } from "../client.ts";
import { useServerQuery } from "./use-server.ts";

interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: "admin" | "staff";
  active: boolean;
  createdAt: string;
}

export function StaffUsers() {
  const queryClient = useQueryClient();
  const users = useServerQuery<{ items: StaffUser[] }>("staff.users.list");
  const [form, setForm] = useState({
    username: "",
    displayName: "",
    role: "staff" as "admin" | "staff",
    password: "",
  });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["server", "staff.users.list"] });
  async function run(
    path: "staff.users.create" | "staff.users.deactivate" | "staff.users.resetPassword",
    input: unknown,
  ) {
    setError(null);
    try {
      await client.server.mutate.mutate({ path, input });
      await refresh();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  }
  async function create(event: FormEvent) {
    event.preventDefault();
    if (await run("staff.users.create", form))
      setForm({ username: "", displayName: "", role: "staff", password: "" });
  }
  return (
    <section>
      <header className="screen-header">
        <h1>Staff users</h1>
      </header>
      {users.error && <p className="error">{errorText(users.error)}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Username</th>
            <th>Role</th>
            <th>Status</th>
            <th>Since</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((u) => (
            <tr key={u.id}>
              <td>{u.displayName}</td>
              <td>{u.username}</td>
              <td>{u.role === "admin" ? "Administrator" : "Staff"}</td>
              <td>{u.active ? "Active" : "Deactivated"}</td>
              <td className="muted">{formatTime(u.createdAt)}</td>
              <td>
                {u.active && (
                  <>
                    <button
                      type="button"
                      className="small"
                      onClick={() => run("staff.users.deactivate", { staffId: u.id })}
                    >
                      Deactivate
                    </button>{" "}
                    <button
                      type="button"
                      className="small"
                      onClick={() => {
                        const password = window.prompt(
                          `New password for ${u.displayName} (at least 12 characters)`,
                        );
                        if (password)
                          void run("staff.users.resetPassword", { staffId: u.id, password });
                      }}
                    >
                      Reset password
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="card narrow" onSubmit={create} aria-label="Add staff user">
        <h2>Add a staff user</h2>
        <div className="row">
          <label>
            Username
            <input
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.target.value })}
              required
            />
          </label>
          <label>
            Display name
            <input
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.target.value })}
              required
            />
          </label>
        </div>
        <div className="row">
          <label>
            Role
            <select
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value as "admin" | "staff" })}
            >
              <option value="staff">Staff</option>
              <option value="admin">Administrator</option>
            </select>
          </label>
          <label>
            Initial password
            <input
              type="password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              required
            />
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}
