import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link href="/" className="brand">
          Chainrule
        </Link>
        <nav aria-label="Main">
          <ul className="nav-links">
            <li>
              <Link href="/practice">Practice</Link>
            </li>
            <li>
              <Link href="/signin">Sign in</Link>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
