import Link from "next/link";
import { getCurrentUser } from "@/lib/dal/session";
import { SignOutButton } from "./auth/sign-out-button";

export async function SiteHeader() {
  const user = await getCurrentUser().catch(() => null);
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link href={user ? "/dashboard" : "/"} className="brand">
          Chainrule
        </Link>
        <nav aria-label="Main">
          <ul className="nav-links">
            {user && (
              <li>
                <Link href="/dashboard">Courses</Link>
              </li>
            )}
            <li>
              <Link href="/practice">Practice</Link>
            </li>
            {user ? (
              <li>
                <SignOutButton name={user.name} />
              </li>
            ) : (
              <li>
                <Link href="/signin">Sign in</Link>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}
