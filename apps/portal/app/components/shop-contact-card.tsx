interface Shop {
  name: string;
  phone: string;
  email: string;
  address: string;
  hours: string;
}

export function ShopContactCard({ shop }: { shop: Shop }) {
  const tel = shop.phone.replace(/[^\d+]/g, "");
  return (
    <aside className="card shadow-sm" aria-labelledby="contact-heading">
      <div className="card-body">
        <h2 className="h5" id="contact-heading">
          Questions? Contact {shop.name}
        </h2>
        <ul className="list-unstyled mb-3 d-grid gap-2">
          {shop.phone ? (
            <li>
              <a className="btn btn-outline-primary w-100" href={`tel:${tel}`}>
                Call {shop.phone}
              </a>
            </li>
          ) : null}
          {shop.email ? (
            <li>
              <a className="btn btn-outline-primary w-100 text-break" href={`mailto:${shop.email}`}>
                Email {shop.email}
              </a>
            </li>
          ) : null}
        </ul>
        {shop.address ? (
          <>
            <h3 className="h6 mb-1">Address</h3>
            <address className="white-space-pre-line">{shop.address}</address>
          </>
        ) : null}
        {shop.hours ? (
          <>
            <h3 className="h6 mb-1">Opening hours</h3>
            <p className="mb-0">{shop.hours}</p>
          </>
        ) : null}
      </div>
    </aside>
  );
}
