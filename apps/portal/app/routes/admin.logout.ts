import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "../lib/logout.server.ts";

export const action = ({ request, context }: ActionFunctionArgs) => logout(request, context);

export const loader = () => redirect("/login");
